// A third party builds its panel with the admin SDK's preset, just like the built-ins:
// `npx vite build` here writes dist/panel.mjs (`npm run build`, the admin SDK's
// wolfpack-build-panels, builds it, the broken variant and the engine module).
import { panelBuildConfig } from '@wolfpack/admin-sdk/vite-preset';

export default panelBuildConfig({ root: import.meta.dirname, entry: 'src/panel.tsx', outDir: 'dist' });
