"""Tiny but real translation models, built offline in about a second.

The weights are random, so what these models "translate" to is gibberish; they
exist so the engines, the model installer and the pipeline can run against the
real runtimes (SentencePiece, CTranslate2, Argos package layout) in tests.

Layouts built here:

* :func:`build_argos_package` -- an ``.argosmodel`` archive as Argos Translate
  ships them (one top folder with ``metadata.json``, ``sentencepiece.model``,
  ``model/``, ``README.md``).
* :func:`build_ct2_folder` -- a plain CTranslate2 folder, either NLLB-200 style
  (language tokens such as ``hye_Armn`` in the vocabulary, one
  ``sentencepiece.bpe.model``) or OPUS-MT style (no language tokens,
  ``source.spm`` and ``target.spm``).

Run ``python tests/tinymodels.py OUTDIR`` to build all of them into ``OUTDIR``.
"""

from __future__ import annotations

import io
import json
import stat
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.specs import TransformerSpec, common_spec

#: NLLB-200 codes for the languages the project translates into, plus English.
NLLB_TOKENS = ("eng_Latn", "hye_Armn", "azj_Latn", "rus_Cyrl")

#: A small multilingual corpus, so the vocabulary has pieces for every script we
#: publish in: Latin (English, Azerbaijani with its diacritics), Cyrillic, Armenian.
SENTENCES: tuple[str, ...] = (
    "The minister said on Tuesday that talks would resume next week.",
    "Officials in Yerevan confirmed the agreement late on Wednesday.",
    "The border crossing was closed after the incident, police said.",
    "Reuters could not independently verify the report.",
    "The government has denied the claims and called them false.",
    "Observers note that the ceasefire has largely held since September.",
    "Prime Minister Nikol Pashinyan spoke to reporters in the capital.",
    "President Ilham Aliyev met the delegation in Baku on Thursday.",
    "The United Nations called for humanitarian access to the region.",
    "Thousands of people left their homes over the weekend.",
    "The foreign ministry said it would respond to the statement.",
    "Prices rose by 5.2 percent in August, the statistics office said.",
    "Read more about the peace talks and the new border commission.",
    "Министр заявил во вторник, что переговоры возобновятся на следующей неделе.",
    "Официальные лица в Ереване подтвердили соглашение в среду вечером.",
    "Пограничный переход был закрыт после инцидента, сообщила полиция.",
    "Правительство опровергло эти заявления и назвало их ложными.",
    "Тысячи людей покинули свои дома в выходные.",
    "Nazir çərşənbə axşamı bildirib ki, danışıqlar gələn həftə bərpa olunacaq.",
    "Bakıda rəsmilər razılaşmanı çərşənbə günü təsdiqləyiblər.",
    "Hökumət bu iddiaları təkzib edib və onları yalan adlandırıb.",
    "Minlərlə insan həftə sonu evlərini tərk edib.",
    "Prezident İlham Əliyev nümayəndə heyətini qəbul edib; görüş şən keçdi.",
    "Նախարարը երեքշաբթի օրը հայտարարել է, որ բանակցությունները կվերսկսվեն։",
    "Երևանում պաշտոնյաները չորեքշաբթի հաստատել են համաձայնագիրը։",
    "Կառավարությունը հերքել է այդ պնդումները և դրանք կեղծ անվանել։",
    "Հազարավոր մարդիկ հանգստյան օրերին լքել են իրենց տները։",
    "Վարչապետ Նիկոլ Փաշինյանը խոսել է լրագրողների հետ մայրաքաղաքում։",
)


def build_sentencepiece(
    directory: Path,
    sentences: Iterable[str] = SENTENCES,
    *,
    name: str = "sentencepiece.model",
    vocab_size: int = 256,
    model_type: str = "unigram",
) -> Path:
    """Train a SentencePiece model on *sentences* and write it to ``directory/name``.

    :param directory: where to write the model (created if missing).
    :param sentences: training text; every character in it gets a piece
        (``character_coverage=1.0``).
    :param vocab_size: an upper bound: with little text the trainer may make fewer.
    :return: the path of the written model.
    """
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(sentences)),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,  # a few dozen sentences cannot fill any fixed size
        num_threads=1,
        minloglevel=2,  # the trainer logs every step to stderr otherwise
    )
    path = directory / name
    path.write_bytes(buffer.getvalue())
    return path


def sentencepiece_pieces(model: Path) -> list[str]:
    """All pieces of a SentencePiece model, in id order (``<unk>``, ``<s>``, ``</s>`` first)."""
    processor = spm.SentencePieceProcessor(model_file=str(model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


@dataclass(frozen=True)
class ModelSize:
    """The shape of a generated model: the tests' tiny one, or a real package's."""

    d_model: int = 16
    ffn: int = 32
    num_layers: int = 1
    num_heads: int = 2
    vocab_size: int = 256  # an upper bound for the SentencePiece trainer
    quantization: str | None = None  # e.g. "int8", as Argos packages are stored


TINY = ModelSize()
#: Transformer base, as Argos Translate's packages are: 6+6 layers, d_model 512,
#: 8 heads, FFN 2048, several thousand pieces, int8 weights.
BASE = ModelSize(d_model=512, ffn=2048, num_layers=6, num_heads=8, vocab_size=8000,
                 quantization="int8")


def build_ct2_transformer(
    directory: Path,
    vocab: list[str],
    *,
    target_vocab: list[str] | None = None,
    d_model: int = 16,
    ffn: int = 32,
    num_layers: int = 1,
    num_heads: int = 2,
    seed: int = 0,
    config: dict[str, object] | None = None,
    quantization: str | None = None,
) -> Path:
    """Save a CTranslate2 Transformer with small random weights to *directory*.

    The output projection is biased against ``</s>``, ``<s>``, ``<unk>`` and
    ``<pad>``, so every translation runs to ``max_decoding_length`` tokens of
    ordinary pieces: output is never empty, and never meaningful.

    :param vocab: the source vocabulary (and the target one unless *target_vocab*).
    :param config: extra ``config.json`` entries, e.g. ``{"add_source_eos": True}``.
    :return: *directory*, which then holds ``model.bin``, ``config.json`` and the
        vocabulary file(s).
    """
    target_vocab = vocab if target_vocab is None else target_vocab
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)

    def linear(spec: common_spec.LinearSpec, rows: int, cols: int) -> None:
        spec.weight = weights(rows, cols)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def norm(spec: common_spec.LayerNormSpec) -> None:
        spec.gamma = np.ones(d_model, dtype=np.float32)
        spec.beta = np.zeros(d_model, dtype=np.float32)

    def ffn_(spec: object) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d_model)
        linear(spec.linear_1, d_model, ffn)

    spec = TransformerSpec.from_config(num_layers, num_heads)
    # Position encodings are left unset: CTranslate2 then uses sinusoidal ones.
    spec.encoder.embeddings[0].weight = weights(len(vocab), d_model)
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused Q, K, V
        linear(layer.self_attention.linear[1], d_model, d_model)
        ffn_(layer.ffn)
    spec.decoder.embeddings.weight = weights(len(target_vocab), d_model)
    norm(spec.decoder.layer_norm)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)  # Q from the decoder
        linear(layer.attention.linear[1], 2 * d_model, d_model)  # fused K, V from the encoder
        linear(layer.attention.linear[2], d_model, d_model)
        ffn_(layer.ffn)
    linear(spec.decoder.projection, len(target_vocab), d_model)
    never = {"</s>", "<s>", "<unk>", "<pad>"}
    spec.decoder.projection.bias = np.array(
        [-30.0 if token in never else 0.0 for token in target_vocab], dtype=np.float32
    )

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(target_vocab)
    for key, value in (config or {}).items():
        setattr(spec.config, key, value)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)
    directory.mkdir(parents=True, exist_ok=True)
    spec.save(str(directory))
    return directory


def _transformer(directory: Path, vocab: list[str], size: ModelSize, **extra: object) -> Path:
    return build_ct2_transformer(
        directory, vocab, d_model=size.d_model, ffn=size.ffn, num_layers=size.num_layers,
        num_heads=size.num_heads, quantization=size.quantization, **extra,  # type: ignore[arg-type]
    )


def build_argos_package(
    outdir: Path,
    from_code: str = "en",
    to_code: str = "ru",
    version: str = "0.0.1",
    *,
    target_prefix: str | None = None,
    size: ModelSize = TINY,
    sentences: Iterable[str] = SENTENCES,
) -> Path:
    """Build ``translate-{from}_{to}-{version}.argosmodel`` in *outdir*.

    The archive holds one top folder, named like the archive, as Argos packages do.

    :param target_prefix: written to ``metadata.json`` when given; the token is
        then added to the model's vocabulary, as multilingual Argos packages have it.
    :param size: the model's shape (the benchmark builds :data:`BASE`)
    :param sentences: what the SentencePiece model is trained on
    :return: the archive's path.
    """
    stem = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=outdir) as work:
        return _write_argos_package(
            Path(work), outdir, stem, from_code, to_code, version, target_prefix, size,
            list(sentences),
        )


def _write_argos_package(
    work: Path,
    outdir: Path,
    stem: str,
    from_code: str,
    to_code: str,
    version: str,
    target_prefix: str | None,
    size: ModelSize,
    sentences: list[str],
) -> Path:
    top = work / stem
    sp_model = build_sentencepiece(top, sentences, vocab_size=size.vocab_size)
    vocab = sentencepiece_pieces(sp_model)
    if target_prefix:
        vocab.append(target_prefix)
    _transformer(top / "model", vocab, size)
    metadata: dict[str, object] = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (top / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (top / "README.md").write_text(
        f"# Tiny {from_code}->{to_code} test model\n\nRandom weights; output is gibberish.\n",
        encoding="utf-8",
    )
    archive = outdir / f"{stem}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(top.rglob("*")):
            zf.write(path, path.relative_to(work).as_posix())
    return archive


def build_ct2_folder(
    outdir: Path,
    with_language_tokens: bool = True,
    *,
    name: str | None = None,
    size: ModelSize = TINY,
    sentences: Iterable[str] = SENTENCES,
) -> Path:
    """Build a plain CTranslate2 model folder in *outdir* and return its path.

    With *with_language_tokens* the layout is NLLB-200's as
    ``ct2-transformers-converter`` writes it (``shared_vocabulary.json`` with the
    :data:`NLLB_TOKENS` appended, ``decoder_start_token`` ``</s>``,
    ``sentencepiece.bpe.model``); otherwise OPUS-MT's as ``ct2-opus-mt-converter``
    writes it (separate source and target vocabularies, ``add_source_eos``,
    ``source.spm`` and ``target.spm``).
    """
    if with_language_tokens:
        folder = outdir / (name or "nllb-tiny")
        sp_model = build_sentencepiece(
            folder, sentences, name="sentencepiece.bpe.model", vocab_size=size.vocab_size
        )
        vocab = [*sentencepiece_pieces(sp_model), *NLLB_TOKENS]
        return _transformer(folder, vocab, size, config={"decoder_start_token": "</s>"})
    folder = outdir / (name or "opus-mt-tiny")
    english = [s for s in SENTENCES if s.isascii()]
    source = build_sentencepiece(folder, english, name="source.spm", vocab_size=160)
    target = build_sentencepiece(folder, SENTENCES, name="target.spm")
    return build_ct2_transformer(
        folder,
        [*sentencepiece_pieces(source), "<pad>"],
        target_vocab=[*sentencepiece_pieces(target), "<pad>"],
        config={"add_source_eos": True},
    )


# -- damaged archives: what a download cut short or a hostile upload looks like --------------

TOP = "translate-en_ru-0_0_1"  # the top folder of build_argos_package(..., "en", "ru", "0.0.1")
MODEL_BIN = f"{TOP}/model/model.bin"
Entries = dict[str, bytes]


def rewrite(good: Path, dest: Path, change: Callable[[Entries], Entries]) -> Path:
    """Copy the archive *good* to *dest* with its entries (name -> bytes) changed."""
    with zipfile.ZipFile(good) as zf:
        entries = {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in change(entries).items():
            zf.writestr(name, data)
    return dest


def with_symlink(good: Path, dest: Path, name: str, target: str) -> Path:
    """*good* copied to *dest* plus a symbolic-link entry *name* pointing at *target*."""
    rewrite(good, dest, lambda e: e)
    with zipfile.ZipFile(dest, "a") as zf:
        link = zipfile.ZipInfo(name)
        link.create_system = 3  # Unix, so the mode bits count
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, target)
    return dest


def without(good: Path, dest: Path, part: str) -> Path:
    """*good* copied to *dest* without the entries whose names contain *part*."""
    return rewrite(good, dest, lambda e: {k: v for k, v in e.items() if part not in k})


def with_model_bin(good: Path, dest: Path, damage: Callable[[bytes], bytes]) -> Path:
    """*good* copied to *dest* with ``model.bin`` replaced by ``damage(model.bin)``."""
    return rewrite(good, dest, lambda e: {**e, MODEL_BIN: damage(e[MODEL_BIN])})


def main(argv: list[str] | None = None) -> int:
    """Build every tiny model into the folder given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/tinymodels.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(args[0])
    outdir.mkdir(parents=True, exist_ok=True)
    for label, build in (
        ("argos package", lambda: build_argos_package(outdir)),
        ("NLLB-style folder", lambda: build_ct2_folder(outdir, True)),
        ("OPUS-MT-style folder", lambda: build_ct2_folder(outdir, False)),
    ):
        start = time.perf_counter()
        path = build()
        if path.is_dir():  # prove it loads
            ctranslate2.Translator(str(path), device="cpu")
        print(f"{label}: {path} ({time.perf_counter() - start:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
