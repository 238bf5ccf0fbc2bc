// A third party builds its panel with the admin SDK's preset, just like the built-ins:
// `npx vite build` here writes dist/panel.mjs (the broken variant is built by build-panels.mjs).
import { panelBuildConfig } from '../../packages/admin-sdk/vite-preset.mjs';

export default panelBuildConfig({ root: import.meta.dirname, entry: 'src/panel.tsx', outDir: 'dist' });
