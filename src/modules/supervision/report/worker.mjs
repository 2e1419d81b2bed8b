// The piscina worker that renders reports. Plain JavaScript so that it loads in any host (tsx, vitest,
// a compiled build); it registers tsx itself to import the TypeScript renderer.
import { register } from 'tsx/esm/api';

register();
const { default: render } = await import('./render.ts');

export default render;
