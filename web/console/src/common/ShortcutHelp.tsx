import { lazy, Suspense, useEffect, useState } from 'react';

const ShortcutSheet = lazy(() => import('./ShortcutSheet'));

export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** `?` (outside a text field) opens the list of this screen's shortcuts; the sheet loads when first asked for. */
export const ShortcutHelp = ({ keys }: { keys: string[] }) => {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTyping(event.target)) setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <ShortcutSheet keys={keys} onClose={() => setOpen(false)} />
    </Suspense>
  );
};
