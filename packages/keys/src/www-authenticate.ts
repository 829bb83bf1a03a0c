/** Reads `WWW-Authenticate` challenges (RFC 9110 §11.6.1) well enough to find one scheme's parameters. */

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// One auth-param: name=token or name="quoted string", then a comma or the end.
const PARAM = new RegExp(`\\s*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))\\s*(?:,|$)`, "y");
// A token68 credential (Basic-style), which carries no parameters we look at.
const TOKEN68 = /\s*[A-Za-z0-9._~+/-]+=*\s*(?:,|$)/y;
// A scheme name: a token followed by whitespace, a comma or the end (not by `=`).
const SCHEME = new RegExp(`[\\s,]*(${TOKEN})(?=\\s|,|$)\\s*`, "y");

function matchAt(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

/** The parameters of the first challenge for `scheme` (case-insensitive), or `undefined` when there is none. */
export function challengeParams(header: string, scheme: string): Map<string, string> | undefined {
  let params: Map<string, string> | undefined;
  let found: Map<string, string> | undefined;
  let afterScheme = false;
  let position = 0;
  while (position < header.length) {
    let match = matchAt(PARAM, header, position);
    let isScheme = false;
    if (match) params?.set(match[1]!.toLowerCase(), match[2]?.replace(/\\(.)/g, "$1") ?? match[3]!);
    else if (afterScheme && (match = matchAt(TOKEN68, header, position))) {
      // a credential right after the scheme name; nothing to read in it
    } else if ((match = matchAt(SCHEME, header, position))) {
      if (found) return found;
      isScheme = true;
      params = new Map();
      if (match[1]!.toLowerCase() === scheme.toLowerCase()) found = params;
    } else {
      break; // not a well-formed challenge list: keep what was read so far
    }
    afterScheme = isScheme;
    position = match.index + match[0].length;
  }
  return found;
}
