import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

const keysOf = (value: object, prefix = ''): string[] =>
  Object.entries(value).flatMap(([key, item]) => (typeof item === 'object' && item !== null ? keysOf(item as object, `${prefix}${key}.`) : [`${prefix}${key}`]));

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' || name === 'generated' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'test-support.tsx' ? [path] : [];
  });

describe('the dictionaries', () => {
  it('zh-CN and en-US have the same keys', () => {
    expect(keysOf(enUS).sort()).toEqual(keysOf(zhCN).sort());
  });

  it('components hold no Chinese text: every label comes from a dictionary', () => {
    // Run from the repository (npm run test:console) or from web/console.
    const root = [join(process.cwd(), 'web', 'console', 'src'), join(process.cwd(), 'src')].find((dir) => existsSync(join(dir, 'main.tsx'))) ?? '';
    const offenders = sources(root).filter((file) => /[\u4e00-\u9fff]/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders.map((file) => file.slice(root.length))).toEqual([]);
  });
});
