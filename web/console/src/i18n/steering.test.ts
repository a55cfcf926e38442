import { describe, expect, it } from 'vitest';
import { adminFormsEnUS } from './admin-forms-en-US';
import { adminFormsZhCN } from './admin-forms-zh-CN';
import { steeringEnUS } from './steering-en-US';
import { steeringZhCN } from './steering-zh-CN';

const keysOf = (value: object, prefix = ''): string[] =>
  Object.entries(value).flatMap(([key, item]) => (typeof item === 'object' && item !== null ? keysOf(item as object, `${prefix}${key}.`) : [`${prefix}${key}`]));

describe('the GM, HQ and administrator screens’ dictionaries', () => {
  it('zh-CN and en-US have the same keys, none of them empty', () => {
    expect(keysOf(steeringEnUS).sort()).toEqual(keysOf(steeringZhCN).sort());
    const texts = (value: object): string[] => Object.values(value).flatMap((item) => (typeof item === 'string' ? [item] : texts(item as object)));
    expect([...texts(steeringZhCN), ...texts(steeringEnUS)].filter((text) => text.trim() === '')).toEqual([]);
  });

  it('the administrators’ forms add keys of their own, never overwriting a screen’s', () => {
    expect(keysOf(adminFormsEnUS).sort()).toEqual(keysOf(adminFormsZhCN).sort());
    const screens = new Set(keysOf(steeringZhCN));
    expect(keysOf(adminFormsZhCN).filter((key) => screens.has(key))).toEqual([]);
  });

  it('join the console’s dictionaries when one of those screens loads', async () => {
    const { i18n } = await import('./index');
    expect(i18n.exists('month.rates', { lng: 'zh-CN' })).toBe(false);
    await import('./steering');
    expect(i18n.t('month.rates', { lng: 'zh-CN' })).toBe(steeringZhCN.month.rates);
    expect(i18n.t('month.rates', { lng: 'en-US' })).toBe(steeringEnUS.month.rates);
  });
});
