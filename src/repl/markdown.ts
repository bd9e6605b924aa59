// Documentation's Markdown for a terminal, as `:doc` shows it: the text is
// parsed by `marked` (its lexer only), and laid out here: paragraphs
// filled to the width, code behind a bar, lists and definition lists
// (`term` then `: definition`, as nixpkgs lib writes its arguments)
// indented, links as their text, inline code and emphasis in colour when
// there is colour (plain text without).

import { marked, type Token, type Tokens } from 'marked';

/** How rendered Markdown looks: with colours on a terminal, or plain. */
export interface MarkdownStyle {
  bold(text: string): string;
  italic(text: string): string;
  code(text: string): string;
  heading(text: string): string;
  /** The bar before each line of a code block. */
  readonly bar: string;
}

export const PLAIN_STYLE: MarkdownStyle = {
  bold: (t) => t,
  italic: (t) => t,
  code: (t) => t,
  heading: (t) => t,
  bar: '  \u2502 ',
};

export const COLOURED_STYLE: MarkdownStyle = {
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
  italic: (t) => `\x1b[3m${t}\x1b[0m`,
  code: (t) => `\x1b[1;94m${t}\x1b[0m`,
  heading: (t) => `\x1b[1;91m${t}\x1b[0m`,
  bar: '\x1b[1;94m  \u2502 \x1b[0m',
};

type Paint = ((t: string) => string) | null;

/** A piece of a word in one style: `f` and `.` in "`f`." are two pieces of one word. */
interface Piece {
  readonly text: string;
  readonly paint: Paint;
}

/** A word of running text: what is between two spaces, in as many styles as it has pieces. */
interface Word {
  readonly pieces: Piece[];
  /** Visible length. */
  length: number;
}

/** A line break in the source inside running text. */
const BREAK: Word = { pieces: [], length: 0 };

/** Whether a word is the `:` that starts a definition. */
const isColon = (w: Word | undefined): boolean => w !== undefined && w.pieces.length === 1 && w.pieces[0]!.text === ':';

export function renderMarkdown(markdown: string, style: MarkdownStyle = PLAIN_STYLE, width = 72): string {
  const out: string[] = [];
  // Pandoc's fenced divs (`:::{.example}` ... `:::`), which nixpkgs lib uses, frame what they hold: only that is shown.
  const source = markdown.replace(/^[ \t]*:::.*$/gm, '');
  renderBlocks(marked.lexer(source), style, width, '', out);
  // One blank line between blocks, none at the ends.
  const text = out.join('\n').replace(/\n{3,}/g, '\n\n');
  return text.replace(/^\n+/, '').replace(/\n+$/, '') + '\n';
}

function renderBlocks(tokens: readonly Token[], style: MarkdownStyle, width: number, indent: string, out: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        out.push('');
        break;
      case 'heading':
        out.push('', indent + style.heading(plainText((token as Tokens.Heading).tokens)), '');
        break;
      case 'paragraph':
        renderParagraph((token as Tokens.Paragraph).tokens, style, width, indent, out);
        out.push('');
        break;
      case 'text': {
        const t = token as Tokens.Text;
        renderParagraph(t.tokens ?? [{ type: 'text', raw: t.text, text: t.text } as Tokens.Text], style, width, indent, out);
        break;
      }
      case 'code':
        for (const line of (token as Tokens.Code).text.split('\n')) out.push(indent + style.bar + style.bold(line));
        out.push('');
        break;
      case 'list': {
        const list = token as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, i) => {
          const marker = list.ordered ? `${start + i}. ` : '- ';
          const lines: string[] = [];
          renderBlocks(item.tokens, style, width - marker.length - 2, '', lines);
          const kept = trimBlank(lines);
          kept.forEach((line, j) => out.push(indent + (j === 0 ? '  ' + marker : ' '.repeat(marker.length + 2)) + line));
        });
        out.push('');
        break;
      }
      case 'blockquote': {
        const lines: string[] = [];
        renderBlocks((token as Tokens.Blockquote).tokens, style, width - 4, '', lines);
        for (const line of trimBlank(lines)) out.push(indent + '  > ' + line);
        out.push('');
        break;
      }
      case 'hr':
        out.push(indent + '\u2500'.repeat(Math.min(width, 40)), '');
        break;
      default:
        // Tables, HTML: as written.
        for (const line of token.raw.replace(/\n+$/, '').split('\n')) out.push(indent + line);
        out.push('');
    }
  }
}

/**
 * A paragraph, filled to the width. Lines starting with `: ` are
 * definitions of the line before them (a definition list): each is its
 * own block, indented under its term.
 */
function renderParagraph(tokens: readonly Token[], style: MarkdownStyle, width: number, indent: string, out: string[]): void {
  const words = inlineWords(tokens, style);
  // Split at the line breaks that start a definition.
  // A paragraph that starts with `: ` defines the term of the paragraph before it.
  const opensWithDefinition = isColon(words[0]);
  const blocks: Array<{ definition: boolean; words: Word[] }> = [{ definition: opensWithDefinition, words: [] }];
  for (let i = opensWithDefinition ? 1 : 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === BREAK && isColon(words[i + 1])) {
      blocks.push({ definition: true, words: [] });
      i++;
      continue;
    }
    blocks[blocks.length - 1]!.words.push(w);
  }
  for (const block of blocks) {
    if (block.words.length === 0) continue;
    if (block.definition) out.push(...fill(block.words, width - 4, indent + '  : ', indent + '    '));
    else out.push(...fill(block.words, width, indent, indent));
  }
}

/** Words laid out in lines of at most `width` visible characters (a longer word gets a line of its own). */
function fill(words: readonly Word[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line: Word[] = [];
  let length = 0;
  const flush = (): void => {
    lines.push((lines.length === 0 ? first : rest) + paintLine(line));
    line = [];
    length = 0;
  };
  for (const w of words) {
    if (w === BREAK) {
      // A soft line break in the source is a space; a hard one (two spaces, `\`) ends the line.
      continue;
    }
    if (line.length > 0 && length + 1 + w.length > width) flush();
    length += (line.length > 0 ? 1 : 0) + w.length;
    line.push(w);
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** A line's words, each piece in its style. */
function paintLine(words: readonly Word[]): string {
  return words.map((w) => w.pieces.map((p) => (p.paint === null ? p.text : p.paint(p.text))).join('')).join(' ');
}

/**
 * The words of inline tokens, with their styles. Text is split at
 * whitespace only: a piece that follows another without a space (`x`,
 * then `.`) goes on the same word.
 */
function inlineWords(tokens: readonly Token[], style: MarkdownStyle): Word[] {
  const words: Word[] = [];
  let glued = false;
  const add = (text: string, paint: Paint): void => {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        words.push(BREAK);
        glued = false;
      }
      const parts = line.split(/(\s+)/);
      for (const part of parts) {
        if (part === '') continue;
        if (/^\s+$/.test(part)) {
          glued = false;
          continue;
        }
        const last = words[words.length - 1];
        if (glued && last !== undefined && last !== BREAK) {
          last.pieces.push({ text: part, paint });
          last.length += part.length;
        } else words.push({ pieces: [{ text: part, paint }], length: part.length });
        glued = true;
      }
    });
  };
  const walk = (ts: readonly Token[], paint: Paint): void => {
    for (const t of ts) {
      switch (t.type) {
        case 'text':
        case 'escape':
          if ('tokens' in t && t.tokens !== undefined && t.tokens.length > 0) walk(t.tokens, paint);
          else add(decodeEntities(t.text), paint);
          break;
        case 'codespan':
          add(decodeEntities(t.text), style.code);
          break;
        case 'strong':
          walk((t as Tokens.Strong).tokens, style.bold);
          break;
        case 'em':
          walk((t as Tokens.Em).tokens, style.italic);
          break;
        case 'link':
          walk((t as Tokens.Link).tokens, paint);
          break;
        case 'br':
          words.push(BREAK);
          glued = false;
          break;
        default:
          add('text' in t && typeof t.text === 'string' ? t.text : t.raw, paint);
      }
    }
  };
  walk(tokens, null);
  return words;
}

/** A heading's text, without styling. */
function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? String(t.text) : t.raw)).join('');
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a] === '') a++;
  while (b > a && lines[b - 1] === '') b--;
  return lines.slice(a, b);
}

/** marked leaves HTML entities in text (`&quot;`, `&#39;`): shown as the characters they stand for. */
function decodeEntities(text: string): string {
  return text.replace(/&(quot|amp|lt|gt|#39);/g, (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[name]!);
}
