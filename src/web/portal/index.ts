/** The citizen portal (public pages of the Bono Contra el Hambre): the HTTP interface mounts `portalRoutes`. */

export { portalRoutes } from './portal.routes.ts';
