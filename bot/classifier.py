"""The intent classifier: TF-IDF over word and character n-grams, then a linear model.

With ``documents`` (one text per intent: for an FAQ topic its questions and answers) and
``document_weight`` above 0, each message also gets one feature per document: the cosine
similarity of their character n-grams, times the weight. The model learns how much to trust
it; it adds the FAQ's own words to what the examples teach (in cross-validation: FAQ top-1
0.947 to 0.954, and fewer fallbacks at the same share of confident mistakes; README).

``model="logreg"``: multinomial logistic regression, its probabilities. ``model="svm"``: a
linear support vector machine (one-vs-rest), whose scores become confidences through a softmax
at ``temperature``. In 5-fold cross-validation on data/nlu the SVM ranked the right FAQ topic
first more often and needed fewer fallbacks for the same share of confident mistakes (README,
"Tuning the classifier"). Measured on tests/nlu_holdout.yml both beat DIET on this small,
many-class data set and train in seconds (README, "Why not DIET"). Plain scikit-learn: the
Rasa component in ``components/topic_classifier.py`` only feeds it tokens and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

Ranking = list[tuple[str, float]]
MODELS = ("logreg", "svm")
# a sentence ends at . ? or ! before a capital or digit ("SAMEN. die" stays one sentence)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9À-Ý])")


def document_sentences(documents: Mapping[str, str], min_chars: int = 25,
                       examples: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every sentence of at least ``min_chars`` characters in each intent's document, once per
    intent, as (sentence, intent), except those already among the (text, intent) ``examples``:
    extra training examples that teach the words of the answers' details
    (components/document_sentences.py, and benchmarks/tune_nlu.py the same way; README,
    "Tuning the classifier")."""
    known = set(examples)
    found: dict[tuple[str, str], None] = {}
    for intent in sorted(documents):
        for sentence in _SENTENCE_END.split(documents[intent]):
            sentence = " ".join(sentence.split())
            if len(sentence) >= min_chars and (sentence, intent) not in known:
                found[(sentence, intent)] = None
    return list(found)


def _tfidf(vectorizer: TfidfVectorizer, idf: NDArray[np.float64], docs: Sequence[str]) -> Any:
    """``vectorizer.transform(docs)``, three times faster: scikit-learn 1.1 rebuilds the idf
    vector (``idf``, passed in) from a diagonal matrix and re-validates the input on every
    call (0.45 ms a message each for words and characters); here the counts get the same
    weights and norm."""
    matrix = CountVectorizer.transform(vectorizer, docs).astype(np.float64)
    if vectorizer.sublinear_tf:
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1
    if vectorizer.use_idf:
        matrix.data *= idf[matrix.indices]
    return normalize(matrix, norm=vectorizer.norm, copy=False) if vectorizer.norm else matrix


@dataclass
class TopicClassifier:
    """Ranks intents for a message from its tokens (word n-grams) and text (char n-grams)."""

    C: float = 5.0
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 6)
    random_state: int = 42
    class_weight: str | None = None
    model: str = "logreg"
    temperature: float = 0.2
    document_weight: float = 0.0
    document_char_ngrams: tuple[int, int] = (3, 5)
    _words: TfidfVectorizer | None = field(default=None, repr=False)
    _chars: TfidfVectorizer | None = field(default=None, repr=False)
    _model: LogisticRegression | LinearSVC | None = field(default=None, repr=False)
    _weights: NDArray[np.float64] | None = field(default=None, repr=False)
    # the idf vectors of the word, char (and document) vectorizers, taken once from them
    _idfs: tuple[NDArray[np.float64], ...] | None = field(default=None, repr=False)
    # the documents' vectorizer and their TF-IDF rows, transposed (features x documents)
    _documents: tuple[TfidfVectorizer, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}, not {self.model!r}")
        if self.temperature <= 0:
            raise ValueError("temperature must be above 0")
        if self.document_weight < 0:
            raise ValueError("document_weight must be 0 (off) or above")

    def _matrix(self, tokens: Sequence[str], texts: Sequence[str]) -> Any:
        assert self._words is not None and self._chars is not None
        if self._idfs is None:
            documents = [self._documents[0]] if self._documents is not None else []
            vectorizers = [self._words, self._chars, *documents]
            self._idfs = tuple(np.asarray(v.idf_) for v in vectorizers)
        blocks = [_tfidf(self._words, self._idfs[0], tokens),
                  _tfidf(self._chars, self._idfs[1], texts)]
        if self._documents is not None:
            similarity = _tfidf(self._documents[0], self._idfs[2], texts) @ self._documents[1]
            blocks.append(similarity * self.document_weight)
        return hstack(blocks).tocsr()

    def fit(self, tokens: Sequence[str], texts: Sequence[str], labels: Sequence[str],
            documents: Mapping[str, str] | None = None) -> None:
        """``tokens``: each message's tokens (or their lemmas) joined by spaces; ``texts``: the
        messages. ``class_weight="balanced"`` weighs intents with fewer examples up; ``C`` is
        the inverse regularisation strength of either model. ``documents``: intent -> text,
        used when ``document_weight`` is above 0."""
        self._idfs = self._weights = self._documents = None
        if documents and self.document_weight > 0:
            names = sorted(documents)
            vectorizer = TfidfVectorizer(
                analyzer="char_wb", ngram_range=self.document_char_ngrams, sublinear_tf=True,
                lowercase=True,
            ).fit([*texts, *(documents[n] for n in names)])
            rows = vectorizer.transform([documents[n] for n in names])
            self._documents = (vectorizer, rows.T.tocsr())
        self._words = TfidfVectorizer(
            ngram_range=self.word_ngrams, sublinear_tf=True, token_pattern=r"\S+", lowercase=True
        ).fit(tokens)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.char_ngrams, sublinear_tf=True, lowercase=True
        ).fit(texts)
        model: LogisticRegression | LinearSVC
        if self.model == "svm":
            model = LinearSVC(C=self.C, random_state=self.random_state,
                              class_weight=self.class_weight, max_iter=5000)
        else:
            model = LogisticRegression(C=self.C, max_iter=3000, random_state=self.random_state,
                                       class_weight=self.class_weight)
        self._model = model.fit(self._matrix(tokens, texts), list(labels))

    def rank(self, tokens: Sequence[str], texts: Sequence[str], top: int = 10) -> list[Ranking]:
        """For each message, the ``top`` intents with their probabilities, best first."""
        if self._model is None or not texts:
            return [[] for _ in texts]
        probabilities = self._probabilities(self._matrix(tokens, texts))
        classes = self._model.classes_
        rankings = []
        for row in probabilities:
            best = np.argsort(-row)[:top]
            rankings.append([(str(classes[i]), float(row[i])) for i in best])
        return rankings

    def _probabilities(self, matrix: Any) -> NDArray[np.float64]:
        """Confidences per intent: for logistic regression ``predict_proba`` of the multinomial
        model, for the SVM a softmax of its scores divided by ``temperature``.

        Both need the scores ``matrix @ coef_.T``. scikit-learn multiplies by ``coef_.T``, a
        Fortran-ordered view of a 45 x 36,000 matrix, which scipy copies on every call: 4.7 ms
        per message. The same product with a C-ordered copy made once takes microseconds."""
        assert self._model is not None
        binary = self._model.coef_.shape[0] == 1
        if binary and isinstance(self._model, LogisticRegression):
            return np.asarray(self._model.predict_proba(matrix))
        if self._weights is None:
            self._weights = np.ascontiguousarray(self._model.coef_.T)
        scores: NDArray[np.float64] = np.asarray(matrix @ self._weights) + self._model.intercept_
        if binary:  # an SVM for two intents: one score, positive for classes_[1]
            scores = np.hstack([np.zeros_like(scores), scores])
        if isinstance(self._model, LinearSVC):
            scores /= self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def parts(self) -> tuple[Any, ...]:
        """The fitted scikit-learn parts, for saving: the two vectorizers, the model, and the
        documents' vectorizer and rows (None without documents)."""
        return self._words, self._chars, self._model, self._documents

    @classmethod
    def from_parts(cls, parts: tuple[Any, ...], **config: Any) -> TopicClassifier:
        words, chars, model, documents = (*parts, None)[:4]  # models saved before documents: 3
        return cls(**config, _words=words, _chars=chars, _model=model, _documents=documents)
