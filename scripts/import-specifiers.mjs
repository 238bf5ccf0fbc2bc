// The module specifiers a JS/TS source file imports, with their lines: what the import-boundary
// check (import-boundaries.mjs) reads. A scanner rather than a parser: comments, strings, the
// text of template literals and regular expressions are blanked first, so an import line inside a
// template (the CLI's `wolfpack type new` templates), a message or a comment is not taken for an
// import; a specifier is then read back from the original text at the blanked string's place.

const regexAfter = new Set('(,=:[!&|?{};+-*%<>~^');
const regexAfterWords = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/** Whether a `/` at `at` starts a regular expression, judged by what comes before it. */
function startsRegex(code, at) {
  let before = at - 1;
  while (before >= 0 && /\s/.test(code[before])) before -= 1;
  if (before < 0) return true;
  return regexAfter.has(code[before]) || regexAfterWords.test(code.slice(Math.max(0, before - 10), before + 1));
}

/**
 * `text` with comments, template literal text and regular expressions replaced by spaces and the
 * inside of quoted strings by underscores (line breaks kept, so offsets and lines stay).
 */
export function blankNonCode(text) {
  const out = text.split('');
  const blank = (from, to, filler = ' ') => {
    for (let at = from; at < to; at += 1) if (out[at] !== '\n') out[at] = filler;
  };
  // Each entry is the brace depth at which a `${` of a template literal closes.
  const templates = [];
  let depth = 0;
  let at = 0;
  const template = () => {
    // From just after a backquote or a `}` closing `${`: blank up to the closing backquote or the next `${`.
    const start = at;
    while (at < text.length) {
      if (text[at] === '\\') at += 2;
      else if (text[at] === '`') {
        blank(start, at);
        at += 1;
        return;
      } else if (text[at] === '$' && text[at + 1] === '{') {
        blank(start, at);
        templates.push(depth);
        depth += 1;
        at += 2;
        return;
      } else at += 1;
    }
    blank(start, at);
  };
  while (at < text.length) {
    const char = text[at];
    const next = text[at + 1];
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', at);
      const stop = end < 0 ? text.length : end;
      blank(at, stop);
      at = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', at + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(at, stop);
      at = stop;
    } else if (char === "'" || char === '"') {
      // A quote that meets a line break first was JSX text ("Don't"), not a string.
      const start = at + 1;
      at = start;
      while (at < text.length && text[at] !== char && text[at] !== '\n') at += text[at] === '\\' ? 2 : 1;
      blank(start, Math.min(at, text.length), '_');
      at += 1;
    } else if (char === '`') {
      at += 1;
      template();
    } else if (char === '/' && startsRegex(text, at)) {
      const start = at;
      let inClass = false;
      at += 1;
      while (at < text.length && text[at] !== '\n' && (inClass || text[at] !== '/')) {
        if (text[at] === '\\') at += 1;
        else if (text[at] === '[') inClass = true;
        else if (text[at] === ']') inClass = false;
        at += 1;
      }
      blank(start, at + 1);
      at += 1;
    } else if (char === '{') {
      depth += 1;
      at += 1;
    } else if (char === '}') {
      depth -= 1;
      at += 1;
      if (templates.length > 0 && templates.at(-1) === depth) {
        templates.pop();
        template();
      }
    } else at += 1;
  }
  return out.join('');
}

const quoted = String.raw`(['"])([^'"\n]+)\1`; // blanked: the specifier is read back from the text
// Each form that names a module: static imports and re-exports, side-effect imports, import(),
// require() and require.resolve(), import.meta.resolve(), and vitest's module mocks.
const forms = [
  new RegExp(String.raw`(?<![\w$.])(?:import|export)\b[^;'"]*?\bfrom\s*${quoted}`, 'g'),
  new RegExp(String.raw`(?<![\w$.])import\s*${quoted}`, 'g'),
  new RegExp(String.raw`(?<![\w$.])import\s*\(\s*${quoted}`, 'g'),
  new RegExp(String.raw`(?<![\w$.])require(?:\.resolve)?\s*\(\s*${quoted}`, 'g'),
  new RegExp(String.raw`\bimport\.meta\.resolve\s*\(\s*${quoted}`, 'g'),
  new RegExp(String.raw`\bvi\.(?:mock|doMock|importActual)\s*\(\s*${quoted}`, 'g'),
];

/** Every specifier `text` imports: `{ specifier, line }`, in the order of the file. */
export function importSpecifiers(text) {
  const code = blankNonCode(text);
  const found = [];
  for (const form of forms) {
    for (const match of code.matchAll(form)) {
      const offset = match.index + match[0].length - 1 - match[2].length;
      found.push({ specifier: text.slice(offset, offset + match[2].length), offset });
    }
  }
  found.sort((a, b) => a.offset - b.offset);
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const lineOf = (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  return found.map(({ specifier, offset }) => ({ specifier, line: lineOf(offset) }));
}
