// The English list alone: the package's main entry is CommonJS with all 62 languages in one
// object, which esbuild cannot tree-shake (210 KB in the bundle, parsed on every start).
declare module 'stopword/src/stopwords_eng.js' {
  export const eng: string[];
}
