"""Try a Dutch synonym lexicon on the tuner's folds and development sets. Tried on 2026-11-23
and not taken (README, "Tuning the classifier").

Usage: python benchmarks/try_lexicon.py [--concept-weight 0.6] [--synonym-copies 0.5]
       [--copy-seed 1] [--expand-documents] [--lexicon benchmarks/lexicon/synonyms.tsv]
       [every option of benchmarks/tune_nlu.py]

The first test set's phrasings share fewer words with the FAQ than any other set's, and a
classifier of words and character n-grams cannot link a word it never saw to one it knows
("beschikking" to "indicatie", "dokter" to "huisarts"). ``benchmarks/lexicon/synonyms.tsv``
links them: 1,493 lemmas of the training data and FAQ texts, each with up to 8 Dutch words of
the same meaning (``synonyms_reviewed.tsv``: the same after a strict review). Three ways to use
it, alone or together:

- ``--concept-weight W``: one more block of features, the "concepts" of a message's lemmas (a
  lemma stands for every lexicon word it is or is a synonym of), TF-IDF weighted, times W;
- ``--synonym-copies P``: each training example once more, each word that has synonyms replaced
  by a random one with probability P (seeded per text with ``--copy-seed``); a fold trains on
  the copies of its own training rows only;
- ``--expand-documents``: each FAQ topic's text, for the similarity feature, followed by the
  synonyms of its words.

It prints what ``tune_nlu.py`` prints for the settings of config.yml with these additions: CV,
the fallback grid, the "Of bedoel je" table and the development sets.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tune_nlu import (  # noqa: E402
    Training,
    load_examples,
    parser,
    pipeline_inputs,
    report,
)
from bot.classifier import TopicClassifier, _tfidf  # noqa: E402

LEXICON = ROOT / "benchmarks" / "lexicon" / "synonyms.tsv"
Concepts = Mapping[str, Sequence[str]]


def read_lexicon(lines: Iterable[str]) -> dict[str, list[str]]:
    """word -> its synonyms, from ``word<TAB>synonym;synonym`` lines, in lower case. Comments
    (``#``), blank lines, phrases with a space, repeats and the word itself are left out."""
    table: dict[str, list[str]] = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        word, _, rest = line.rstrip("\n").partition("\t")
        word = word.strip().lower()
        synonyms = (s.strip().lower() for s in rest.split(";"))
        table[word] = list(dict.fromkeys(s for s in synonyms if s and " " not in s and s != word))
    return table


def concepts_of(table: Mapping[str, Sequence[str]],
                lemma: Callable[[str], str] = str.lower) -> dict[str, list[str]]:
    """lemma -> the lexicon words it is or is a synonym of, sorted. ``lemma`` gives the
    pipeline's lemma of a word, so that the lexicon's words and a message's lemmas meet."""
    found: dict[str, set[str]] = defaultdict(set)
    for word, synonyms in table.items():
        for synonym in (word, *synonyms):
            for form in {synonym, lemma(synonym)}:
                found[form].add(word)
    return {form: sorted(words) for form, words in found.items()}


def concept_text(tokens: Sequence[str], concepts: Concepts) -> list[str]:
    """Each message's concepts as one string of ``c_<word>`` tokens (``c_`` for none: an
    empty text has no features, which a vectorizer refuses)."""
    return [" ".join(sorted({f"c_{c}" for t in s.split() for c in concepts.get(t, ())})) or "c_"
            for s in tokens]


def synonym_copy(words: Sequence[tuple[str, str, str]], table: Mapping[str, Sequence[str]],
                 probability: float, rng: random.Random) -> str:
    """A text from its ``(text, lemma, whitespace)`` tokens, each token whose lemma has
    synonyms replaced by a random one with ``probability``."""
    out = []
    for text, lemma, space in words:
        options = table.get(lemma)
        out.append((rng.choice(options) if options and rng.random() < probability else text)
                   + space)
    return "".join(out)


def synonym_copies(texts: Sequence[str], table: Mapping[str, Sequence[str]], probability: float,
                   seed: int) -> list[tuple[int, str]]:
    """(row, copy) for each text whose synonym copy differs from it, in lower case. Each text
    draws from its own generator (``seed`` and the text), so the order of the texts does not
    matter."""
    from bot.nlp import load_dutch

    lowered = [t.lower() for t in texts]
    copies = []
    for row, (text, doc) in enumerate(zip(lowered, load_dutch().nlp.pipe(lowered), strict=True)):
        words = [(t.text, (t.lemma_ or t.text).lower(), t.whitespace_) for t in doc]
        copy = synonym_copy(words, table, probability, random.Random(f"{seed}\t{text}"))
        if copy != text:
            copies.append((row, copy))
    return copies


def pipeline_concepts(table: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """``concepts_of`` the lexicon with the lemmas of the spaCy pipeline in use."""
    from bot.nlp import load_dutch

    words = sorted({w for word, synonyms in table.items() for w in (word, *synonyms)})
    docs = load_dutch().nlp.pipe(words)
    lemmas = {w: (d[0].lemma_ or w).lower() if len(d) == 1 else w
              for w, d in zip(words, docs, strict=True)}
    return concepts_of(table, lambda w: lemmas.get(w, w))


def expanded(text: str, table: Mapping[str, Sequence[str]]) -> str:
    """``text`` followed by the synonyms of its words (by their lemmas)."""
    from bot.nlp import load_dutch

    found = [s for t in load_dutch().nlp(text.lower())
             for s in table.get((t.lemma_ or t.text).lower(), ())]
    return " ".join([text, *found])


@dataclass
class ConceptClassifier(TopicClassifier):
    """The configured classifier plus one block: the message's concepts, TF-IDF weighted."""

    concepts: Concepts = field(default_factory=dict, repr=False)
    concept_weight: float = 0.6
    _concept_block: tuple[Any, Any] | None = field(default=None, repr=False)

    def fit(self, tokens: Sequence[str], texts: Sequence[str], labels: Sequence[str],
            documents: Mapping[str, str] | None = None) -> None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False)
        vectorizer.fit(concept_text(tokens, self.concepts))
        self._concept_block = (vectorizer, np.asarray(vectorizer.idf_))
        super().fit(tokens, texts, labels, documents)

    def _matrix(self, tokens: Sequence[str], texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack

        assert self._concept_block is not None
        vectorizer, idf = self._concept_block
        block = _tfidf(vectorizer, idf, concept_text(tokens, self.concepts)) * self.concept_weight
        return hstack([super()._matrix(tokens, texts), block]).tocsr()


@dataclass(frozen=True)
class LexiconTraining(Training):
    """``Training`` whose models add the concept block and train on synonym copies."""

    concepts: Concepts = field(default_factory=dict)
    concept_weight: float = 0.0
    # the copies: the row each copies, and their tokens, texts and labels
    copies: tuple[list[int], list[str], list[str], list[str]] = ([], [], [], [])

    def training_rows(self, rows: Sequence[int]) -> tuple[list[str], list[str], list[str]]:
        """``Training.training_rows`` and the copies of ``rows`` only: a fold never trains on
        a copy of a phrasing it scores."""
        chosen = set(rows)
        source, words, texts, labels = self.copies
        own = [k for k, row in enumerate(source) if row in chosen]
        base = super().training_rows(rows)
        return (base[0] + [words[k] for k in own], base[1] + [texts[k] for k in own],
                base[2] + [labels[k] for k in own])

    def fit(self, settings: dict[str, Any], rows: Sequence[int]) -> Any:
        if self.concept_weight <= 0:
            return super().fit(settings, rows)
        model = ConceptClassifier(**settings, concepts=self.concepts,
                                  concept_weight=self.concept_weight)
        model.fit(*self.training_rows(rows), self.documents)
        return model


def main() -> int:
    options = parser(__doc__)
    options.add_argument("--concept-weight", type=float, default=0.0, help="0: no concept block")
    options.add_argument("--synonym-copies", type=float, default=0.0,
                         help="probability of replacing a word in a copy; 0: no copies")
    options.add_argument("--copy-seed", type=int, default=1)
    options.add_argument("--expand-documents", action="store_true")
    options.add_argument("--lexicon", type=Path, default=LEXICON)
    args = options.parse_args()
    table = read_lexicon(args.lexicon.read_text(encoding="utf-8").splitlines())
    base = Training.load(args.word_source)
    copies: tuple[list[int], list[str], list[str], list[str]] = ([], [], [], [])
    if args.synonym_copies > 0:
        texts, labels, _ = load_examples()
        made = synonym_copies(texts, table, args.synonym_copies, args.copy_seed)
        words, cleaned = pipeline_inputs([text for _, text in made], args.word_source)
        copies = ([row for row, _ in made], words, cleaned, [labels[row] for row, _ in made])
        print(f"{len(made)} synonym copies of {len(texts)} examples")
    documents = base.documents
    if args.expand_documents:
        documents = {intent: expanded(text, table) for intent, text in documents.items()}
    concepts = pipeline_concepts(table) if args.concept_weight > 0 else {}
    report(args, LexiconTraining(base.words, base.texts, base.labels, documents, base.extra,
                                 concepts, args.concept_weight, copies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
