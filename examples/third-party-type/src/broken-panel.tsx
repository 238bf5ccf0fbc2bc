import { definePanel, useResource } from '@wolfpack/admin-sdk';

/*
 * A deliberately broken panel for tests: its Parameters tab throws while rendering. The
 * console must show its placeholder with this error and keep working.
 */

function Parameters(): never {
  const resource = useResource();
  throw new Error(`Broken Greeting panel: rendering ${resource.name} fails on purpose`);
}

export default definePanel({ Parameters });
