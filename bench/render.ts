/**
 * Rewrites bench/results.md from bench/results.json without measuring: for after bench/notes.md or the targets'
 * texts (targets.ts) changed. The figures are the last run's. Run: `node --import tsx bench/render.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../generator/paths.js';
import { renderMarkdown } from './report.js';
import { evaluateTargets } from './targets.js';

const dir = join(PROJECT_ROOT, 'bench');
const { targets: _old, ...report } = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>;
const withTargets = { ...report, targets: evaluateTargets(report) };
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(withTargets, null, 2)}\n`);
const notesFile = join(dir, 'notes.md');
const notes = existsSync(notesFile) ? `\n${readFileSync(notesFile, 'utf8')}` : '';
writeFileSync(join(dir, 'results.md'), renderMarkdown(withTargets) + notes);
