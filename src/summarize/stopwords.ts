/**
 * Stop-word sets for the extractive summariser.
 *
 * Entries are lowercase, NFC-normalised surface forms. The summariser's
 * tokenizer splits on every character that is not a letter, digit or
 * combining mark, so elided and contracted forms arrive here as their
 * fragments: French `l’État` → `l` + `état`, `qu’il` → `qu` + `il`,
 * `aujourd’hui` → `aujourd` + `hui`; English `don't` → `don` + `t`.
 * The fragments that are longer than one character (`qu`, `jusqu`, `lorsqu`,
 * `aujourd`, `don`, `isn`, `ll`, `ve`, …) are therefore listed explicitly;
 * one-character fragments (`l`, `d`, `j`, `n`, `s`, `c`, `m`, `t`) are listed
 * too, for completeness, although the tokenizer already drops 1-char tokens.
 */

const split = (words: string): ReadonlySet<string> =>
  new Set(words.trim().split(/\s+/u).map((w) => w.normalize('NFC')));

/** French stop words: articles, pronouns, prepositions, conjunctions, common adverbs, and the forms of être/avoir plus frequent forms of faire/pouvoir/devoir/aller; includes elision fragments (`l d j m n s t c qu jusqu lorsqu puisqu quoiqu quelqu presqu aujourd hui`). */
export const FRENCH_STOPWORDS: ReadonlySet<string> = split(`
  l d j m n s t c y qu jusqu lorsqu puisqu quoiqu quelqu presqu aujourd hui
  le la les un une des du de au aux ce cet cette ces
  mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
  quel quelle quels quelles chaque plusieurs quelque quelques certain certaine
  certains certaines aucun aucune nul nulle tout toute tous toutes autre autres
  même mêmes tel telle tels telles divers diverses
  je me moi tu te toi il elle on nous vous ils elles se soi lui eux en
  celui celle ceux celles ceci cela ça qui que quoi dont où
  lequel laquelle lesquels lesquelles auquel auxquels auxquelles duquel
  desquels desquelles rien personne chacun chacune quiconque
  à a dans par pour vers avec sans sous sur entre chez contre depuis pendant
  avant après devant derrière selon malgré parmi hors dès jusque lors près
  envers via outre durant concernant afin auprès autour dessus dessous
  et ou mais donc or ni car si comme quand lorsque puisque quoique alors
  ainsi aussi cependant pourtant toutefois néanmoins tandis sinon soit
  ne pas plus moins très trop peu bien mal ici là déjà encore toujours jamais
  souvent parfois non oui tant tellement beaucoup assez presque seulement
  surtout enfin puis ensuite hier demain maintenant ailleurs autant
  autrement comment pourquoi combien environ notamment vraiment également
  désormais plutôt davantage guère aussitôt tôt tard voici voilà etc
  être suis es est sommes êtes sont étais était étions étiez étaient
  fus fut fûmes fûtes furent serai seras sera serons serez seront
  serais serait serions seriez seraient sois soyons soyez soient
  fusse fût été étant
  avoir ai as avons avez ont avais avait avions aviez avaient eus eut eûmes
  eûtes eurent aurai auras aura aurons aurez auront aurais aurait aurions
  auriez auraient aie aies ait ayons ayez aient eu ayant
  faire fais fait faite faits faites faisons font faisait faisaient fera
  feront ferait feraient
  pouvoir peux peut pouvons pouvez peuvent pouvait pouvaient pourra pourront
  pourrait pourraient pu puisse
  devoir dois doit devons devez doivent devait devaient devra devrait
  devraient dû
  aller vais vas va allons allez vont allait allaient ira iront irait
  ô oh ah hein
`);

/** English stop words: articles, pronouns, prepositions, conjunctions, auxiliaries, common adverbs and news reporting verbs (`said`, `says`); includes contraction fragments (`don doesn didn isn aren wasn weren won wouldn couldn shouldn ll ve re`). */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = split(`
  a s t d m ll ve re
  about above across after afterwards again against all almost alone along
  already also although always am among amongst an and another any anybody
  anyone anything anyway anywhere are aren around as at
  be became because become becomes becoming been before beforehand behind
  being below beside besides between beyond both but by
  can cannot could couldn
  did didn do does doesn doing don done down during
  each either else elsewhere enough especially etc even ever every everybody
  everyone everything everywhere except
  few for former formerly from further furthermore
  get gets getting got gotten
  had hadn has hasn have haven having he hence her here hereby herein hers
  herself him himself his how however
  i ie if in indeed instead into is isn it its itself
  just
  last later latter least less let lets like likely
  many may maybe me meanwhile might mine more moreover most mostly mr mrs ms
  much must mustn my myself
  namely neither never nevertheless next no nobody none noone nor not nothing
  now nowhere
  of off often oh ok on once one ones only onto or other others otherwise
  ought our ours ourselves out over overall own
  per perhaps please
  quite
  rather really
  said same say says see seem seemed seems several shall shan she should
  shouldn since so some somebody somehow someone something sometime sometimes
  somewhat somewhere still such
  than that the their theirs them themselves then thence there thereafter
  thereby therefore therein these they this those though through throughout
  thus till to together too toward towards
  under unless unlike until up upon us used
  very via
  was wasn we well were weren what whatever when whence whenever where
  whereas whereby wherever whether which while whither who whoever whole whom
  whose why will with within without won would wouldn
  yes yet you your yours yourself yourselves
`);
