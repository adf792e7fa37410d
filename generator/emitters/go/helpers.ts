/**
 * The Go emitter's template helpers: the Go literals and comment lines of render/go-literals.ts (the only way a
 * model string reaches Go source), shared with the CLI emitter.
 */
import type { Helper } from '../../render/handlebars.js';
import { GO_LITERAL_HELPERS } from '../../render/go-literals.js';

export const GO_HELPERS: Record<string, Helper> = { ...GO_LITERAL_HELPERS };
