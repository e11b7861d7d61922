import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
export const goldenPath = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
export const SAMPLE_PATH = fixturePath('miyun-kw-2021.txt');
export const readSample = () => readFileSync(SAMPLE_PATH);
