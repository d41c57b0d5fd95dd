/**
 * Word lists the checker needs, declared once: number words of both languages, French function
 * words, and the capitalised words that are not names to check (titles, months, days, demonyms,
 * institutions) or that translate to a known English form (exonyms).
 *
 * Keys are lowercase and without accents (see `fold` in ./text.ts), so "Etat", "État" and "ÉTAT" are one key.
 */

/** A set of folded words from a whitespace-separated list. */
function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/u).filter((w) => w !== ''));
}

/** English number words → value (cardinals and ordinals; `dozen` is 12). */
export const EN_NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'
    .split(' ')
    .map((w, i) => [w, i] as const),
  ...'zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'
    .split(' ')
    .map((w, i) => [w, i] as const),
  ...(['thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const).map((w, i) => [w, 30 + 10 * i] as const),
  ...(['thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'] as const).map((w, i) => [w, 30 + 10 * i] as const),
  ['dozen', 12],
  ['hundred', 100],
  ['hundredth', 100],
  ['thousand', 1e3],
  ['thousandth', 1e3],
  ['million', 1e6],
  ['millionth', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
  ['half', 0.5],
  ['twice', 2],
  ['both', 2],
]);

/**
 * French number words → value: cardinals, ordinals and the approximate collectives (`dizaine` 10,
 * `centaine` 100, `millier` 1000). `un`/`une` are left out: they are also the articles ("a", "an").
 */
export const FR_NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...'zero _ deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize'
    .split(' ')
    .map((w, i) => [w, i] as const)
    .filter(([w]) => w !== '_'),
  ...'_ premier deuxieme troisieme quatrieme cinquieme sixieme septieme huitieme neuvieme dixieme onzieme douzieme treizieme quatorzieme quinzieme seizieme'
    .split(' ')
    .map((w, i) => [w, i] as const)
    .filter(([w]) => w !== '_'),
  ['premiere', 1],
  ['second', 2],
  ['seconde', 2],
  ['double', 2],
  ['deux', 2],
  ['vingt', 20],
  ['vingts', 20],
  ['trente', 30],
  ['quarante', 40],
  ['cinquante', 50],
  ['soixante', 60],
  ['septante', 70],
  ['huitante', 80],
  ['octante', 80],
  ['nonante', 90],
  ['vingtieme', 20],
  ['trentieme', 30],
  ['cent', 100],
  ['cents', 100],
  ['centieme', 100],
  ['mille', 1e3],
  ['millieme', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['milliard', 1e9],
  ['milliards', 1e9],
  ['billion', 1e12],
  ['billions', 1e12],
  ['dizaine', 10],
  ['douzaine', 12],
  ['quinzaine', 15],
  ['vingtaine', 20],
  ['trentaine', 30],
  ['quarantaine', 40],
  ['cinquantaine', 50],
  ['soixantaine', 60],
  ['centaine', 100],
  ['millier', 1e3],
  ['moitie', 0.5],
  ['demi', 0.5],
  ['demie', 0.5],
]);

/** Multiplier words (they multiply what precedes them: "deux cents", "three thousand"), per language. */
export const MULTIPLIERS: ReadonlySet<string> = words(`
  hundred hundredth thousand million billion trillion cent cents mille million millions milliard milliards billion billions`);

/** Words after a figure that scale it ("2,1 milliards", "$3bn", "1.5 million"), with the factor. */
export const MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['million', 1e6],
  ['millions', 1e6],
  ['mn', 1e6],
  ['mln', 1e6],
  ['milliard', 1e9],
  ['milliards', 1e9],
  ['md', 1e9],
  ['mds', 1e9],
  ['mrd', 1e9],
  ['mrds', 1e9],
  ['billion', 1e9], // English; a French "billion" (10^12) is handled by the French table below
  ['billions', 1e9],
  ['bn', 1e9],
  ['bln', 1e9],
  ['trillion', 1e12],
  ['trillions', 1e12],
  ['thousand', 1e3],
  ['mille', 1e3],
  ['milles', 1e3], // "22,9 milles": a common spelling of thousands in news copy
  ['millier', 1e3], // "1,1 millier" (Intl's French compact notation)
  ['milliers', 1e3],
]);

/** French magnitudes that differ from English ones of the same spelling. */
export const FR_MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['billion', 1e12],
  ['billions', 1e12],
  ['trillion', 1e18],
  ['trillions', 1e18],
]);

/**
 * Frequent French function words that are not English words (so a share of them in an English
 * output means French was left in). "a", "on", "en", "plus", "son", "sur"… are left out on purpose.
 */
export const FRENCH_ONLY_FUNCTION_WORDS: ReadonlySet<string> = words(`
  le la les des du un une et est sont dans pour que qui avec sur pas par au aux ce cette ces il ils elle
  elles nous vous leur leurs mais ou ete etre etait ont avait comme tout tous aussi sans tres lui je ne
  se sa ses mon ma mes notre nos votre vos dont ou selon entre apres avant depuis lors chez sous cela
  ceci donc alors quand encore deja meme autre autres fait faire peut doit bien ans annee qu l d n c j`);

/**
 * Capitalised words that are not names to check: French titles, months, days, demonyms and
 * institutions (capitalised in French, translated in English), and common sentence words that a
 * quotation or a title may capitalise. Folded keys.
 */
export const NOT_NAMES_FR: ReadonlySet<string> = words(`
  m mm mme mmes mlle dr dre pr pre mgr me st ste saint
  el al ben bin ibn abu von van der den di da del dos das strasse platz etranger etrangers sainte monsieur madame mademoiselle messieurs maitre
  president presidente premier premiere ministre ministere ministres secretaire general generale
  directeur directrice chef roi reine prince princesse pape eglise etat etats gouvernement parlement
  senat senateur depute assemblee conseil cour tribunal commission comite union nations republique
  royaume empire armee police justice bourse banque federal federale federation cite ville region
  departement prefecture mairie palais maison blanche nord sud est ouest orient occident centre
  lundi mardi mercredi jeudi vendredi samedi dimanche
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
  francais francaise francaises americain americaine americains americaines anglais anglaise britannique
  britanniques allemand allemande allemands europeen europeenne europeens europeennes africain africains
  chinois chinoise russe russes japonais italien italienne italiens espagnol espagnols israelien
  israeliens palestinien palestiniens arabe arabes iranien syrien syriens irakien afghan turc turque
  canadien canadienne canadiens quebecois quebecoise mexicain belge suisse grec grecque occidental
  occidentaux musulman musulmans chretien chretiens juif juifs catholique catholiques protestant
  internet web dieu seigneur jesus christ noel paques toussaint bible apocalypse antiquite
  terre lune soleil mer ocean golfe mont monts montagne lac fleuve ile iles cap baie vallee plaine desert foret
  moyen proche extreme grand grande grands grandes haut haute bas basse nouveau nouvelle nouvel petit petite vieux
  vieille saint sainte sacre croix frere freres soeur soeurs pere mere fils fille oncle tante
  musee chateau jardin place rue avenue boulevard pont gare aeroport port tour palais parc stade theatre opera
  eglise cathedrale abbaye mosquee temple hopital clinique ecole college lycee universite institut academie
  centre agence office bureau fondation association federation mouvement front rassemblement parti
  syndicat syndicale confederation alliance ligue coupe championnat jeux olympiques mondial mondiale
  monde homme hommes femme femmes droits droit droite gauche societe compagnie groupe entreprise
  direction administration institution institutions autorite autorites haute-cour procureur juge avocat
  affaires etrangeres interieur defense sante education finances economie travail culture agriculture
  environnement commerce commercial industrie transports transport energie recherche aviation marine
  nationale national nationaux internationale international publique public populaire democratique
  socialiste socialistes communiste communistes conservateur conservateurs liberal liberaux republicain
  republicains democrate democrates ecologiste ecologistes verts vert bleus bleu rouge rouges blanc noir
  congres constitution charte traite accord accords convention pacte loi code reforme plan programme
  projet prix medaille ordre guerre revolution liberation independance resistance occupation
  ministere ministeres porte-parole chancelier chanceliere ambassadeur consul gouverneur maire senateurs
  deputes conseiller commissaire inspecteur capitaine colonel general lieutenant sergent soldat
  docteur professeur ingenieur architecte
  tv radio tele television journal presse
  le la les un une des du de d l et ou en au aux ce cet cette ces il elle ils elles on nous vous je
  mais donc or ni car si quand comme selon pour par sur sous avec sans dans entre chez vers depuis
  apres avant pendant contre tout tous toute toutes quel quelle quels quelles qui que quoi dont
  mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs oui non bien tres plus moins
  a est sont etait ont avait fait peut doit va`);

/**
 * French place names (and a few others) whose English form differs more than a spelling does:
 * folded French → English forms (also folded). Others are matched by their letter skeleton.
 */
export const EXONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    allemagne: ['germany', 'german', 'germans'],
    angleterre: ['england', 'english'],
    autriche: ['austria', 'austrian'],
    belgique: ['belgium', 'belgian'],
    bresil: ['brazil', 'brazilian'],
    chine: ['china', 'chinese'],
    chypre: ['cyprus'],
    croatie: ['croatia'],
    danemark: ['denmark', 'danish'],
    egypte: ['egypt', 'egyptian'],
    espagne: ['spain', 'spanish'],
    etats: ['states', 'us', 'usa', 'america', 'american'],
    unis: ['united', 'us', 'usa', 'america', 'american'],
    unies: ['united', 'un'],
    europe: ['europe', 'european', 'eu'],
    france: ['france', 'french'],
    grece: ['greece', 'greek'],
    hongrie: ['hungary', 'hungarian'],
    inde: ['india', 'indian'],
    irlande: ['ireland', 'irish'],
    italie: ['italy', 'italian'],
    japon: ['japan', 'japanese'],
    liban: ['lebanon', 'lebanese'],
    libye: ['libya', 'libyan'],
    maroc: ['morocco', 'moroccan'],
    mexique: ['mexico', 'mexican'],
    norvege: ['norway', 'norwegian'],
    pays: ['netherlands', 'countries', 'country', 'basque'],
    bas: ['netherlands', 'low', 'holland', 'dutch'],
    pologne: ['poland', 'polish'],
    roumanie: ['romania', 'romanian'],
    russie: ['russia', 'russian'],
    suede: ['sweden', 'swedish'],
    suisse: ['switzerland', 'swiss'],
    tunisie: ['tunisia', 'tunisian'],
    turquie: ['turkey', 'turkish'],
    ukraine: ['ukraine', 'ukrainian'],
    londres: ['london'],
    moscou: ['moscow'],
    pekin: ['beijing', 'peking'],
    varsovie: ['warsaw'],
    vienne: ['vienna'],
    venise: ['venice'],
    rome: ['rome'],
    prague: ['prague'],
    bruxelles: ['brussels'],
    copenhague: ['copenhagen'],
    lisbonne: ['lisbon'],
    athenes: ['athens'],
    edimbourg: ['edinburgh'],
    cologne: ['cologne', 'koln'],
    munich: ['munich'],
    mexico: ['mexico'],
    nouvelle: ['new'],
    orleans: ['orleans'],
    york: ['york'],
    caire: ['cairo'],
    alger: ['algiers'],
    jerusalem: ['jerusalem'],
    cisjordanie: ['west', 'bank'],
    gaza: ['gaza'],
    syrie: ['syria', 'syrian'],
    irak: ['iraq', 'iraqi'],
    iran: ['iran', 'iranian'],
    amerique: ['america', 'american'],
    asie: ['asia', 'asian'],
    australie: ['australia', 'australian'],
    canada: ['canada', 'canadian'],
    quebec: ['quebec'],
    afghanistan: ['afghanistan', 'afghan'],
    pakistan: ['pakistan', 'pakistani'],
    israel: ['israel', 'israeli'],
    palestine: ['palestine', 'palestinian'],
    arabie: ['arabia', 'saudi'],
    saoudite: ['saudi', 'arabia'],
    mediterranee: ['mediterranean'],
    atlantique: ['atlantic'],
    pacifique: ['pacific'],
    manche: ['channel'],
    singapour: ['singapore'],
    equateur: ['ecuador', 'equator'],
    perou: ['peru', 'peruvian'],
    jordanie: ['jordan', 'jordanian'],
    jourdain: ['jordan'],
    koweit: ['kuwait'],
    bretagne: ['britain', 'brittany', 'british', 'uk'],
    tchecoslovaquie: ['czechoslovakia'],
    tchequie: ['czech', 'czechia'],
    sardaigne: ['sardinia'],
    zelande: ['zealand'],
    caraibes: ['caribbean'],
    caspienne: ['caspian'],
    boheme: ['bohemia', 'bohemian'],
    moravie: ['moravia'],
    silesie: ['silesia'],
    baviere: ['bavaria'],
    saxe: ['saxony'],
    prusse: ['prussia'],
    hollande: ['holland', 'hollande'],
    finlande: ['finland', 'finnish'],
    islande: ['iceland'],
    ecosse: ['scotland', 'scottish', 'scots'],
    galles: ['wales', 'welsh'],
    argentine: ['argentina', 'argentine'],
    chili: ['chile'],
    colombie: ['colombia'],
    bolivie: ['bolivia'],
    venezuela: ['venezuela'],
    cuba: ['cuba'],
    haiti: ['haiti'],
    nigeria: ['nigeria'],
    afrique: ['africa', 'african'],
    algerie: ['algeria', 'algerian'],
    ethiopie: ['ethiopia'],
    somalie: ['somalia'],
    soudan: ['sudan'],
    kenya: ['kenya'],
    tanzanie: ['tanzania'],
    congo: ['congo'],
    cameroun: ['cameroon'],
    senegal: ['senegal'],
    mali: ['mali'],
    tchad: ['chad'],
    indonesie: ['indonesia'],
    malaisie: ['malaysia'],
    thailande: ['thailand', 'thai'],
    vietnam: ['vietnam', 'viet'],
    cambodge: ['cambodia'],
    birmanie: ['burma', 'myanmar'],
    mongolie: ['mongolia'],
    coree: ['korea', 'korean'],
    taiwan: ['taiwan'],
    tadjikistan: ['tajikistan', 'tajik'],
    ouzbekistan: ['uzbekistan'],
    kirghizistan: ['kyrgyzstan'],
    turkmenistan: ['turkmenistan'],
    azerbaidjan: ['azerbaijan'],
    armenie: ['armenia'],
    georgie: ['georgia'],
    bielorussie: ['belarus'],
    lituanie: ['lithuania'],
    lettonie: ['latvia'],
    estonie: ['estonia'],
    slovaquie: ['slovakia', 'slovak'],
    slovenie: ['slovenia'],
    serbie: ['serbia'],
    bosnie: ['bosnia'],
    albanie: ['albania'],
    macedoine: ['macedonia'],
    bulgarie: ['bulgaria'],
    moldavie: ['moldova'],
    sicile: ['sicily'],
    corse: ['corsica'],
    crete: ['crete'],
    floride: ['florida'],
    californie: ['california'],
    pennsylvanie: ['pennsylvania'],
    virginie: ['virginia'],
    caroline: ['carolina'],
    louisiane: ['louisiana'],
    geneve: ['geneva'],
    haye: ['hague'],
    anvers: ['antwerp'],
    dantzig: ['gdansk'],
    cracovie: ['krakow', 'cracow'],
    naples: ['naples'],
    milan: ['milan'],
    florence: ['florence'],
    turin: ['turin'],
    seville: ['seville'],
    barcelone: ['barcelona'],
    mecque: ['mecca'],
    medine: ['medina'],
    damas: ['damascus'],
    beyrouth: ['beirut'],
    bagdad: ['baghdad'],
    teheran: ['tehran'],
    tokyo: ['tokyo'],
    nil: ['nile'],
    tamise: ['thames'],
    rhin: ['rhine'],
    danube: ['danube'],
    alpes: ['alps'],
    pyrenees: ['pyrenees'],
    judee: ['judea', 'judaea'],
    mahomet: ['muhammad', 'mohammed', 'mohammad', 'mohamed', 'muhammed', 'mohamad'],
    tcheque: ['czech', 'czechs'],
    tcheques: ['czech', 'czechs'],
    allemand: ['german', 'germany'],
    allemande: ['german', 'germany'],
    allemands: ['germans', 'germany'],
    russe: ['russian', 'russia'],
    russes: ['russians', 'russia'],
    sovietique: ['soviet'],
    britannique: ['british', 'britain'],
    americain: ['american', 'america'],
    americaine: ['american', 'america'],
    americains: ['americans', 'america'],
    onu: ['un', 'united', 'nations'],
    otan: ['nato'],
    ue: ['eu', 'european', 'union'],
    fmi: ['imf'],
    bce: ['ecb'],
  }),
);

/**
 * English capitalised words that are not names to look for in a French source: titles, months,
 * days, demonyms, institutions and sentence words a title may capitalise. Folded keys.
 */
export const NOT_NAMES_EN: ReadonlySet<string> = words(`
  i mr mrs ms miss dr prof sir lord lady st saint president prime minister ministry secretary general
  director chief king queen prince princess pope church state states government parliament senate senator
  congress congressman representative assembly council court tribunal commission committee union nations
  republic kingdom empire army police justice bank federal federation city region department house white
  north south east west eastern western northern southern central
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  french american americans british english german germans european europeans african chinese russian russians
  japanese italian spanish israeli israelis palestinian palestinians arab arabs iranian syrian iraqi afghan
  turkish canadian canadians quebecer quebecers mexican belgian swiss greek western muslim muslims christian
  christians jewish jews catholic catholics protestant internet web god lord jesus christ christmas easter
  the a an and or but of in on at to for by with from as is are was were be been this that these those
  it its he she they we you his her their our my your there here when where what which who how why
  if so not no yes all some any each every both one two three first new old more most also after before
  during while since until then than however although because according said says
  mp mps ceo un eu uk us usa nato imf ecb
  world war wars museum law laws embassy holy sea ocean lake river mountain mountains island islands gulf strait
  head great greater grand care mayor office castle fortress attorney summit league cup games championship
  team brothers sisters earth moon sun land town city square street road motorway bridge tower palace park garden
  near middle far old new upper lower high supreme deputy chairman chairperson chair board editor governor
  party movement front alliance agreement treaty act bill code charter order cross star stone church
  human rights freedom peace justice security defence defense health education labour labor trade industry
  industrial property market markets stock exchange airline airlines air force navy guard corps
  administration directorate division department agency institute institution foundation association
  organisation organization centre center school college academy hospital clinic prize award festival contest
  song day night spring summer autumn winter`);
