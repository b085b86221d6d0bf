// Code a pipeline runs and the identity it runs as: whoever may write where that code lives runs code as that
// identity. The workspace folders, the model's checks and the guardrail DAC-WS2 all ask the questions below.
/** Where code lives: one notebook or file, or a glob include that picks up everything below its base folder. */
export interface CodeLocation {
  readonly kind: 'notebook' | 'file' | 'glob';
  /** A path (below the workspace root in the model, absolute in a plan). */
  readonly path: string;
}

/** One library of a model pipeline: its sources run as the pipeline's owner (its run_as and IS_OWNER). */
export interface CodeSource extends CodeLocation {
  readonly pipeline: string;
  /** Index into `pipelines`, and into that pipeline's `libraries`. */
  readonly pipelineIndex: number;
  readonly libraryIndex: number;
  readonly runAs: string;
}

/** The pipelines as the questions read them; a parsed model (before normalization) has them too. */
export interface PipelineCode {
  readonly pipelines: readonly { readonly name: string; readonly owner: string; readonly libraries: readonly Readonly<Record<string, string>>[] }[];
}

export function codeSources(model: PipelineCode): CodeSource[] {
  return model.pipelines.flatMap((pipeline, pipelineIndex) =>
    pipeline.libraries.flatMap((library, libraryIndex) =>
      // The schema allows exactly one of notebook, file and glob per library.
      Object.entries(library).map(([kind, path]) => ({
        kind: kind as CodeLocation['kind'],
        path,
        pipeline: pipeline.name,
        pipelineIndex,
        libraryIndex,
        runAs: pipeline.owner,
      })),
    ),
  );
}

/**
 * The folder a glob include picks up everything below: its segments before the first wildcard. A glob
 * without a wildcard names one notebook or file (docs/resources/pipeline.md, `glob`: "a notebook path, a
 * file path, or a folder path that ends `/**`"), so it has no base folder.
 */
export function globBase(glob: string): string | undefined {
  const segments = glob.split('/');
  const wild = segments.findIndex((segment) => /[*?[]/.test(segment));
  return wild < 0 ? undefined : segments.slice(0, wild).join('/');
}

/** `path` is `directory` or lies below it; the empty directory is the root, above everything. */
export const within = (path: string, directory: string): boolean => directory === '' || path === directory || path.startsWith(`${directory}/`);

/**
 * Whether code at `code` lives in folder `directory` or below it, where the folder's permissions reach it by
 * inheritance (docs/resources/permissions.md, "Folder usage": objects in a folder inherit all its permissions).
 * A glob counts from its base both ways: a folder above the base holds what it picks up, and so does a folder
 * below the base, since the glob picks up everything written there.
 */
export function folderHoldsCode(directory: string, code: CodeLocation): boolean {
  const base = code.kind === 'glob' ? globBase(code.path) : undefined;
  if (base === undefined) return code.path !== directory && within(code.path, directory);
  return within(base, directory) || within(directory, base);
}

/** Whether the notebook or file at `path` is code at `code`: the very object, or one a glob picks up. */
export function objectHoldsCode(path: string, code: CodeLocation): boolean {
  const base = code.kind === 'glob' ? globBase(code.path) : undefined;
  return base === undefined ? path === code.path : path !== base && within(path, base);
}
