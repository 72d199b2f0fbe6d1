/**
 * One check of `kura audit` and how its outcome is recorded: `pass`, `fail` (the publication is
 * wrong — each problem is one sentence naming what is wrong, and where) or `error` (the auditor
 * could not check: an unreachable node, an unreadable export). Facts and tables are the figures
 * the report shows.
 * @module
 */

/** The outcome of a check. */
export type CheckStatus = 'pass' | 'fail' | 'error';

/** A table of figures. */
export interface FigureTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One check as reported. */
export interface AuditCheck {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line: what was checked and the outcome. */
  readonly summary: string;
  /** Why it failed (each names the problem). */
  readonly problems: readonly string[];
  /** Why it could not be checked. */
  readonly errors: readonly string[];
  /** Warnings and remarks that do not fail the check. */
  readonly notes: readonly string[];
  readonly facts: readonly (readonly [string, string])[];
  readonly tables: readonly FigureTable[];
}

/** Collects the outcome of one check. */
export class Check {
  readonly problems: string[] = [];
  readonly errors: string[] = [];
  readonly notes: string[] = [];
  readonly facts: [string, string][] = [];
  readonly tables: FigureTable[] = [];
  constructor(
    readonly id: string,
    readonly title: string
  ) {}
  fail(problem: string): void {
    this.problems.push(problem);
  }
  error(why: string): void {
    this.errors.push(why);
  }
  note(text: string): void {
    this.notes.push(text);
  }
  fact(label: string, value: string | number | bigint | boolean): void {
    this.facts.push([label, String(value)]);
  }
  table(title: string, columns: readonly string[], rows: readonly (readonly string[])[]): void {
    this.tables.push({ title, columns, rows });
  }
  get status(): CheckStatus {
    return this.problems.length > 0 ? 'fail' : this.errors.length > 0 ? 'error' : 'pass';
  }
  /** Freeze with a summary for a pass (failures and errors summarise themselves). */
  done(passSummary: string): AuditCheck {
    const status = this.status;
    const summary =
      status === 'pass'
        ? passSummary
        : status === 'fail'
          ? `FAILED: ${this.problems[0]}${this.problems.length > 1 ? ` (+${this.problems.length - 1} more)` : ''}`
          : `NOT CHECKED: ${this.errors[0]}`;
    return {
      id: this.id,
      title: this.title,
      status,
      summary,
      problems: [...this.problems],
      errors: [...this.errors],
      notes: [...this.notes],
      facts: [...this.facts],
      tables: [...this.tables],
    };
  }
}

/** A check that could not run because an earlier step failed. */
export function skipped(id: string, title: string, why: string): AuditCheck {
  const c = new Check(id, title);
  c.error(why);
  return c.done('');
}

/** The message of an error, for a report line (never a stack). */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
