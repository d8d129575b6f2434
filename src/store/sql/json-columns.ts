// JSON and boolean columns are text and 0/1 in both databases; these turn them back into values.

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const toFlag = (b: boolean) => (b ? 1 : 0);
export const fromFlag = (n: number | boolean) => n === 1 || n === true;
