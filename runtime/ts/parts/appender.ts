/**
 * Model-independent parts of the generated src/appender.ts (generator/emitters/typescript/view-model/appender.ts
 * splices each region into it as it is). The class below stands for the generated Appender: those regions are
 * method bodies, at the indentation they have there.
 */
import { AppendStream, type AppendStreamOptions } from '../append-stream.js';
import type { BodySource, UploadProgressListener } from '../body.js';

interface CallOptions {
  signal?: AbortSignal | undefined;
  abortSignal?: AbortSignal | undefined;
  onUploadProgress?: UploadProgressListener | undefined;
}
declare function withAppenderSignal(
  call: CallOptions,
  signal: AbortSignal | undefined,
): CallOptions;

export abstract class AppenderParts {
  protected abstract readonly options: {
    onUploadProgress?: UploadProgressListener | undefined;
    abortSignal?: AbortSignal | undefined;
  };
  abstract append(chunk: BodySource, call?: CallOptions): Promise<unknown>;

  writable(options: AppendStreamOptions = {}): AppendStream {
    // #region writable
    return new AppendStream(
      (bytes, signal) => this.append(bytes, signal ? { signal } : {}),
      options,
    );
    // #endregion
  }

  protected callOptions(call: CallOptions): CallOptions {
    // #region call-options
    const progress = this.options.onUploadProgress;
    const withSignal = withAppenderSignal(call, this.options.abortSignal);
    return progress && !call.onUploadProgress
      ? { ...withSignal, onUploadProgress: progress }
      : withSignal;
    // #endregion
  }
}
