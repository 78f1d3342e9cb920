// The key detectors group colleagues by: a directory department, trimmed and lower-cased; undefined when empty.
export const deptKey = (d: string | undefined): string | undefined => {
  const k = d?.trim().toLowerCase();
  return k ? k : undefined;
};
