// Builds this type's console panel (src/panel.tsx → dist/panel.mjs) with the admin SDK's
// preset: `npx vite build -c vite.panel.config.mjs`. scripts/setup.mjs builds all panels
// through @wolfpack/admin-sdk/build-panels instead.
import { panelBuildConfig } from '@wolfpack/admin-sdk/vite-preset';

export default panelBuildConfig({ root: import.meta.dirname, entry: 'src/panel.tsx', outDir: 'dist' });
