/**
 * Calendar dates of the policy documents (`YYYY-MM-DD`, RFC 3339 full-date): the day number the
 * engine counts ages and insurance terms with, and whether the date exists.
 * @module
 */

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined if no such date. */
export function dayNumber(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t / 86_400_000;
}
