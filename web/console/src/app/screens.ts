import { createElement, lazy, useState, type ComponentType } from 'react';

/**
 * A screen's code chunk, loaded on first visit or earlier when the screen is about to be opened (a
 * queue row hovered, a sign-in that goes on to the queue): one import, so Vite hands out the same
 * chunk either way. Once loaded, the screen renders without suspending: a lazy component suspends
 * on its first render even when its chunk is in, and React then keeps the fallback up to 300 ms
 * (its fallback throttle) — a row click paid that on every first visit of the case page.
 */
const screenOf = <Props extends object>(load: () => Promise<{ default: ComponentType<Props> }>) => {
  let loaded: ComponentType<Props> | null = null;
  const preload = () =>
    load().then((module) => {
      loaded = module.default;
      return module;
    });
  const Lazy = lazy(preload);
  /** Chosen once per mount: switching from the lazy wrapper to the loaded component would remount the screen. */
  const Screen = (props: Props) => {
    const [component] = useState<ComponentType<Props>>(() => loaded ?? (Lazy as unknown as ComponentType<Props>));
    return createElement(component, props);
  };
  return { Screen, preload };
};

const queue = screenOf(() => import('../queue/QueuePage'));
const casePage = screenOf(() => import('../case/CasePage'));

export const QueueScreen = queue.Screen;
export const CaseScreen = casePage.Screen;
export const loadQueuePage = queue.preload;
export const loadCasePage = casePage.preload;
