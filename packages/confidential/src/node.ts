/**
 * The Node entry point of `@kura/confidential` (package.json `exports` condition `node`): the
 * isomorphic main entry, plus the pinned generator table registered as the source of the
 * Bulletproofs generators below index 4,096 (SPEC.md §16.3, §16.9). Nothing is decoded until a
 * generator is first needed; the table's SHA-256 is checked then. Browsers get the main entry
 * and choose whether to carry the table (`@kura/confidential/generator-table`).
 * @module
 */
import { generatorTable } from './generator-table.js';
import { setGeneratorTableLoader } from './generators.js';

setGeneratorTableLoader(generatorTable);

export * from './index.js';
