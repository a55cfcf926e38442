/**
 * The screens' code chunks, loaded on first visit (App's lazy routes) or earlier when a screen is
 * about to be opened (a queue row hovered, a sign-in that goes on to the queue): one import each, so
 * Vite hands out the same chunk either way.
 */
export const loadQueuePage = () => import('../queue/QueuePage');
export const loadCasePage = () => import('../case/CasePage');
