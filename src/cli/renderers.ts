/**
 * The module that renders a resource, by URL: the format worker loads it as it starts (beside Prettier), and the
 * add command asks the worker to render with it, so the renderer is ready when the plan needs it.
 */
export const resourceRenderer = new URL('../resources/render.js', import.meta.url);
