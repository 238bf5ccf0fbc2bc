/** Property sheets (General, Dependencies, Advanced, Parameters) and the dependency graph. */
export { PropertiesDialog } from './properties-dialog.tsx';
export { DependencyGraph } from './dependency-graph.tsx';
export { layoutDependencies, describeDependencies } from './graph-layout.ts';
