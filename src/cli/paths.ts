// Where yardstick keeps its files in a project: the store and the response cache under .yardstick/.
import path from 'node:path';

export const projectDir = (): string => path.resolve(process.env.YARDSTICK_DIR ?? '.yardstick');
export const defaultDbPath = (): string => path.join(projectDir(), 'yardstick.db');
export const defaultCacheDir = (): string => path.join(projectDir(), 'cache');
