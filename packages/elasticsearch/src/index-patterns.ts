// Index patterns of our indices, from the schema's families (classIndexPatterns,
// writeAlias): what roles grant, data views show and retention reads.
import { classIndexPatterns, retentionClasses, writeAlias, type RetentionClass } from '@jewelry/schema';

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

/** Every index of ours: each class's patterns (rolled indices and a plain index a new service may create). */
export function allIndexPatterns(): string[] {
  return CLASSES.flatMap(classIndexPatterns);
}

/** Index patterns of one service's families: the write alias and the rolled indices behind it. */
export function serviceIndexPatterns(service: string, classes: readonly RetentionClass[] = CLASSES): string[] {
  return classes.flatMap((cls) => [writeAlias(service, cls), `${writeAlias(service, cls)}-*`]);
}
