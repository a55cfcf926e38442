import { useSyncExternalStore } from 'react';

/**
 * One 1-second timer for every countdown on screen. It runs only while some countdown is mounted;
 * a virtualised table mounts only the rows in view, so only those tick.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
};

export const useNow = (): number => useSyncExternalStore(subscribe, () => now);
export const tickingCountdowns = (): number => listeners.size;
