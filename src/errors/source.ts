// A piece of Nix source text and where it came from.
//
// Text is kept as a binary string (one JS char per byte, as read with the
// 'latin1' encoding), because Nix strings are byte strings and CppNix counts
// columns in bytes.

export class Source {
  private lineStartsCache: number[] | null = null;

  constructor(
    /** How error messages name it: a file path, `«stdin»` or `«string»`. */
    readonly origin: string,
    /** The text, as a binary string. */
    readonly text: string,
    /** Directory that relative path literals in it resolve against. */
    readonly baseDir: string,
    /** The absolute path of the file it was read from, if any. */
    readonly path: string | null = null,
  ) {}

  static fromFile(path: string, text: string): Source {
    const slash = path.lastIndexOf('/');
    return new Source(path, text, slash <= 0 ? '/' : path.slice(0, slash), path);
  }

  private lineStarts(): number[] {
    if (this.lineStartsCache === null) {
      // Line breaks are \n, \r\n and a lone \r, as CppNix counts them.
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** 1-based line and column of a byte offset. */
  lineCol(offset: number): { line: number; col: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }

  /** Number of lines (a trailing newline starts one more, empty, line). */
  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** The text of 1-based line `n`, without its line terminator. */
  lineText(n: number): string {
    const starts = this.lineStarts();
    const start = starts[n - 1]!;
    let end = n < starts.length ? starts[n]! : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}

/** A position in a source: what errors and `__curPos` point at. */
export interface Pos {
  source: Source;
  offset: number;
}
