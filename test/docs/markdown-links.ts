/**
 * Relative links in Markdown files and the anchors they point to, as GitHub renders them:
 * a heading's anchor is its text lower-cased, punctuation dropped, spaces turned into hyphens,
 * with `-1`, `-2`, ... for repeats.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** GitHub's anchor for a heading text. */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown text defines (code blocks skipped). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = headingAnchor(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** Without code blocks and inline code, where nothing is a link. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** The link targets of a Markdown text that are not absolute URLs or mail addresses. */
export function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const match of withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push(target);
  }
  return links;
}

/** Problems with the relative links of one Markdown file (path relative to `root`). */
export function brokenLinks(root: string, file: string, read = (p: string) => readFileSync(p, 'utf8')): string[] {
  const absolute = path.join(root, file);
  const problems: string[] = [];
  for (const link of relativeLinks(read(absolute))) {
    const [target = '', anchor] = link.split('#', 2) as [string, string | undefined];
    const resolved = target === '' ? absolute : path.resolve(path.dirname(absolute), decodeURIComponent(target));
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${link}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
      problems.push(`${file}: ${link}: an anchor into something that is not a Markdown file`);
      continue;
    }
    if (!anchorsOf(read(resolved)).has(anchor)) problems.push(`${file}: ${link}: no heading with this anchor`);
  }
  return problems;
}
