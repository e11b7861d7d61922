/**
 * The product code's import graph (`npm run lint:cycles`, a step of `npm test`): no cycles.
 * A cycle means two modules cannot be understood, tested or moved apart.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module reaches itself through its imports: move what both need into a module of its own.',
      from: {},
      // A lazy import() (the parse kinds' extractors) loads after its importer: not a cycle of loading.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // `#shared/*` is package.json's "imports" map.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
