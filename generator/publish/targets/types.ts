/** One publishing target per language: where the package goes and how. */
export interface Artifact {
  /** What a user sees: a file name in the registry, or a path inside the package. */
  name: string;
  bytes: number;
}

export interface PublishContext {
  /** The language's generated directory (out/<lang>). */
  sourceDir: string;
  version: string;
  /** A scratch directory that is removed afterwards. */
  workDir: string;
  buildArtifacts: readonly string[];
}

export interface Target {
  /** Human description of where it goes, e.g. `npm registry http://127.0.0.1:4873`. */
  describe(): string;
  /** True when this version is already there. */
  exists(ctx: PublishContext): Promise<boolean>;
  /** Builds the package in ctx.workDir and lists what would be published; changes nothing outside workDir. */
  prepare(ctx: PublishContext): Promise<{ artifacts: Artifact[]; files: Artifact[] }>;
  /** Publishes what prepare built. */
  publish(ctx: PublishContext): Promise<void>;
}
