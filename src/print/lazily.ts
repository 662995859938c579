import { createRequire } from 'node:module';

/**
 * A module loaded the first time it is asked for, for libraries that do costly work as they
 * load (an Intl.Segmenter, the emoji regular expression). esbuild bundles a literal
 * `require('path')` as a lazy start of that module, so each caller passes its own such require
 * as `bundled`; where there is no require (tsx), Node's own loads `path` from `base`.
 */
export function lazily<T>(bundled: () => unknown, path: string, base: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= (typeof require === 'function' ? bundled() : createRequire(base)(path)) as T);
}
