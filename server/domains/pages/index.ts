/**
 * Landing pages: built with GrapesJS from Clarion blocks and a starter gallery, saved as versions, published once per
 * version and served fast on the instance's host or the workspace's verified custom domain.
 */
export { registerPageRoutes } from './pages.routes.js';
export { installPageHostGate, registerPageServing, forgetPages } from './serve.js';
export { purgeDeleted as purgeDeletedPages } from './pages.repo.js';
