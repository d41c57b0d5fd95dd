/** HTML pages written for the tests, made of marian-memo's memorised sentences, and a tree comparison helper. */
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];

/** A news page: head, nav, article with a table and lists, footer; inline markup that the translation can keep. */
export const NEWS_PAGE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Le chat dort.</title>
  <style>p > em { color: #c00; } /* Le chat dort. */</style>
  <script>window.dataLayer = [{ page: "Le chat dort." }];</script>
</head>
<body>
  <!-- navigation : Bonjour. -->
  <nav><ul><li><a href="/">2022</a></li><li><a href="/monde" title="Merci beaucoup.">Bonjour.</a></li></ul></nav>
  <article>
    <h1>C’est désormais une véritable révolution.</h1>
    <p class="lead">Pour arrêter les manifestants, la police a commencé à tirer des balles en caoutchouc. <em>Nous continuerons de suivre la situation de près.</em></p>
    <figure><img src="/foule.jpg" alt="Le chat dort." width="640"><figcaption>Il pleut aujourd'hui.</figcaption></figure>
    <p>En <b>2007</b>, un affilié du dictateur, <strong>Tour Utemuratov</strong>, il a vendu sa banque Atf à <a href="https://example.com/unicredit">Unicredit</a> pour 2,1&nbsp;milliards de dollars.</p>
    <blockquote><p>Quel autre tyran au monde tire sur la foule comme ça&nbsp;?</p></blockquote>
    <table><caption>Bonjour.</caption><tr><th>2022</th><td>Merci beaucoup.</td></tr></table>
    <ol><li>Le chat dort.<ul><li>Il pleut aujourd&#39;hui.</li></ul></li></ol>
    <pre>Le chat dort.
  Il pleut aujourd'hui.</pre>
    <p>Bonjour.<br>Merci beaucoup.</p>
    <noscript><p>Le chat dort.</p></noscript>
    <template><p>Bonjour.</p></template>
  </article>
  <footer><p><small>Merci beaucoup.</small> &copy; 2022</p></footer>
</body>
</html>
`;

/** Flattens a parse5 tree into lines `depth tag attrs` (text elided), skipping the attributes given. */
export function elementTree(html: string, ignoreAttributes: readonly string[] = []): string[] {
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    if ('tagName' in node) {
      const attrs = node.attrs.filter((a) => !ignoreAttributes.includes(a.name)).map((a) => `${a.name}=${JSON.stringify(a.value)}`);
      lines.push(`${depth} ${node.tagName} ${attrs.join(' ')}`.trimEnd());
      const children = node.tagName === 'template' ? (node as DefaultTreeAdapterMap['template']).content.childNodes : node.childNodes;
      for (const c of children) walk(c, depth + 1);
    } else if (node.nodeName === '#comment') lines.push(`${depth} #comment ${JSON.stringify((node as DefaultTreeAdapterMap['commentNode']).data)}`);
    else if ('childNodes' in node) for (const c of node.childNodes) walk(c, depth + 1);
  };
  walk(parse(html), 0);
  return lines;
}

/** Source text of every element named `name`, from a parse5 tree with locations. */
export function outerHtmlOf(html: string, name: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node && node.tagName === name && node.sourceCodeLocation) {
      found.push(html.slice(node.sourceCodeLocation.startOffset, node.sourceCodeLocation.endOffset));
    }
    if ('childNodes' in node) for (const c of node.childNodes) walk(c);
  };
  walk(parse(html, { sourceCodeLocationInfo: true }));
  return found;
}

/** Text of the page a reader sees translated: text nodes outside script, style, pre, noscript, template. */
export function translatableText(html: string): string {
  const skip = new Set(['script', 'style', 'pre', 'noscript', 'template']);
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeName === '#text') text += `${(node as DefaultTreeAdapterMap['textNode']).value}\n`;
    if ('tagName' in node && skip.has(node.tagName)) return;
    if ('childNodes' in node) for (const c of node.childNodes) walk(c);
  };
  walk(parse(html));
  return text;
}
