// ESM entry point: the same API as index.js, as named exports (`import { evaluate } from
// 'apigw-tls'`) and as the default export (`import apigw from 'apigw-tls'`).
//
// The export names are not repeated here, so the two entry points cannot drift apart: Node
// reads them statically from index.js's `module.exports = { ... }` (cjs-module-lexer), which
// must therefore stay an object literal of plain names. test/esm.test.mjs checks they match.
export * from './index.js';
export { default } from './index.js';
