/**
 * `kura tree build` as a function: the tree store of protocol v1 (Merkle-sum) or v2 (confidential,
 * SPEC.md §16) built from a liabilities source — a CSV / JSON Lines file, or a PostgreSQL query
 * exported first ({@link exportPostgres}; the temporary export is removed afterwards, and a
 * builder error about one of its lines names the query's row or customer instead,
 * {@link queryRowError}). The month's own tree step is `buildTree` (it keeps the export in its
 * work directory).
 * @module
 */
import type { AssetV2, MasterSecret, Placement, Round } from '@kura/tree';
import {
  type BuildStoreResult,
  type BuildStoreV2Result,
  buildTreeStore,
  buildTreeStoreV2,
} from '@kura/tree/node';
import type { LiabilitiesSource } from './config.js';
import { exportPostgres, type PostgresExport } from './postgres.js';
import { queryRowError } from './postgres-query.js';

/** Options of {@link buildTreeFromSource}. */
export interface TreeFromSourceOptions {
  /** A file (`format` optional), or a PostgreSQL query (`readQueryArg` reads a `@file`). */
  readonly source: LiabilitiesSource;
  /** 1 (Merkle-sum, `assets` without `treeDecimals`) or 2 (confidential, `AssetV2` list). */
  readonly protocol: 1 | 2;
  readonly round: Round;
  readonly assets: readonly AssetV2[] | readonly Omit<AssetV2, 'treeDecimals'>[];
  readonly masterSecret: MasterSecret;
  /** The tree store directory (replaced atomically). */
  readonly out: string;
  readonly placement: Placement;
  readonly height?: number | undefined;
  readonly workers?: number | undefined;
  /** Stops the build (the builder removes its temporary directory; nothing is written). */
  readonly signal?: AbortSignal;
  /** The builder's progress (phase, done, total). */
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
  /** Rows read from PostgreSQL so far. */
  readonly onExportRows?: (rows: number) => void;
  /** The PostgreSQL export is complete (before the build starts). */
  readonly onExported?: (exp: PostgresExport) => void;
}

/** Build the tree store of `o.source` (see the module doc). Throws a KuraError on bad input. */
export async function buildTreeFromSource(
  o: TreeFromSourceOptions
): Promise<BuildStoreResult | BuildStoreV2Result> {
  let exp: PostgresExport | undefined;
  if (o.source.kind === 'postgres') {
    exp = await exportPostgres({
      url: o.source.url,
      query: o.source.query,
      assets: o.assets,
      form: o.source.form,
      ...(o.source.batchSize ? { batchSize: o.source.batchSize } : {}),
      ...(o.onExportRows ? { onProgress: o.onExportRows } : {}),
    });
    o.onExported?.(exp);
  }
  const common = {
    input: exp?.path ?? (o.source.kind === 'file' ? o.source.file : ''),
    ...(o.source.kind === 'file' && o.source.format ? { format: o.source.format } : {}),
    round: o.round,
    masterSecret: o.masterSecret,
    out: o.out,
    placement: o.placement,
    height: o.height,
    workers: o.workers,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  };
  const build =
    o.protocol === 2
      ? buildTreeStoreV2({ ...common, assets: o.assets as readonly AssetV2[] })
      : buildTreeStore({ ...common, assets: o.assets });
  try {
    return await build;
  } catch (e) {
    throw exp ? queryRowError(e, exp) : e;
  } finally {
    exp?.cleanup();
  }
}
