// What an import could not carry over, or carried over only approximately, each at its place in the promptfoo files,
// and where in the written suite a comment about it goes.
import type { SourceLocator } from '../../suite/source-locator.js';
import { displayFile, formatPath, type PathSegment } from '../../suite/suite-problem.js';

/** A place in a promptfoo file: the file's locator and the field path inside it. */
export interface Place {
  locator: SourceLocator;
  path: PathSegment[];
}

export const childPlace = (place: Place, ...segments: PathSegment[]): Place => ({
  locator: place.locator,
  path: [...place.path, ...segments],
});

export interface ImportNote {
  /** `left-out`: not in the suite at all; `approximated`: in it, with a difference the message names. */
  kind: 'left-out' | 'approximated';
  file: string;
  line: number;
  col: number;
  /** The promptfoo field, e.g. `tests[3].assert[1]`. */
  field: string;
  message: string;
  /** The node of the written suite the note is about, to put it there as a comment. */
  at?: PathSegment[];
}

export interface NoteSink {
  notes: ImportNote[];
  leftOut(place: Place, message: string, at?: PathSegment[]): void;
  approximated(place: Place, message: string, at?: PathSegment[]): void;
}

export const createNoteSink = (): NoteSink => {
  const notes: ImportNote[] = [];
  const add = (kind: ImportNote['kind'], place: Place, message: string, at?: PathSegment[]) => {
    notes.push({
      kind,
      file: place.locator.file,
      ...place.locator.locate(place.path),
      field: formatPath(place.path, place.locator.rootLabel),
      message,
      ...(at === undefined ? {} : { at }),
    });
  };
  return {
    notes,
    leftOut: (place, message, at) => add('left-out', place, `${message}; left out`, at),
    approximated: (place, message, at) => add('approximated', place, message, at),
  };
};

/** Each note once (an expanded test repeats its notes), in file and line order; the first keeps its place. */
export const uniqueNotes = (notes: readonly ImportNote[]): ImportNote[] => {
  const unique = new Map<string, ImportNote>();
  for (const note of notes) {
    const key = `${note.file}:${note.line}:${note.col}:${note.field}:${note.message}`;
    if (!unique.has(key)) unique.set(key, note);
  }
  return [...unique.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  );
};

/** `promptfooconfig.yaml:12:5 tests[3].assert[1]: assertion type "python" has no yardstick equivalent; left out` */
export const formatNote = (note: ImportNote): string =>
  `${displayFile(note.file)}:${note.line}:${note.col} ${note.field}: ${note.message}`;

/** The left-out list and the approximations, one per line, for stderr. */
export const formatNotes = (notes: readonly ImportNote[]): string =>
  notes
    .map((note) =>
      note.kind === 'left-out'
        ? formatNote(note)
        : formatNote({
            ...note,
            message: `approximated: ${note.message}`,
          }),
    )
    .map((line) => `${line}\n`)
    .join('');
