// The bundler folds PGlite's `globalThis.process?.env && process.exitCode`
// guard to true, so PGlite would read `process.exitCode` in the browser and
// throw. A bare object (no `versions`, so nothing mistakes this for Node)
// lets that code run. Imported first by the database worker.
const scope = globalThis as { process?: unknown };
scope.process ??= { env: {}, exitCode: undefined };
export {};
