"""Every Whoosh internal the engine uses (search/engine/whoosh_private.py) is
still there and still means what the engine reads into it: this fails loudly
on a Whoosh upgrade, before the site quietly serves wrong results."""

import re
import tempfile
from pathlib import Path

import whoosh
from django.test import SimpleTestCase
from whoosh.codec import default_codec
from whoosh.filedb.filestore import FileStorage

from search.engine import segments, whoosh_private
from search.engine.schema import build_schema
from search.engine.storage import INDEX_NAME
from search.engine.view import read_postings

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def documents(n):
    for i in range(n):
        words = " ".join(["hội nghị"] * (1 + i % 3) + [f"từ{i % 7}", "đảng" if i % 2 else "dân"])
        yield {
            "id": f"archive.report.{i + 1}",
            "django_ct": "archive.report",
            "django_id": str(i + 1),
            "text": words,
            "textf": words,
            "pairs": words,
            "titlef": f"bài {i}",
            "codes": ["26-NQ/TW"] * (1 + i % 2),
            "plenum_keys": [],
            "meta": b"{}",
        }


class WhooshPrivateTests(SimpleTestCase):
    def test_whoosh_is_the_pinned_version(self):
        pin = re.search(r"^Whoosh==([\d.]+)$", REQUIREMENTS.read_text(), re.M | re.I).group(1)
        self.assertEqual(tuple(int(p) for p in pin.split(".")), whoosh_private.PINNED_VERSION)
        self.assertEqual(whoosh.__version__, whoosh_private.PINNED_VERSION)

    def test_every_private_attribute_still_exists(self):
        # Instance attributes are set in __init__: check them on real objects.
        storage = FileStorage(tempfile.mkdtemp())
        index = storage.create_index(build_schema(), indexname=INDEX_NAME)
        segment = segments.write_segment(storage, build_schema(), documents(3))
        whoosh_private.append_segments(index, [segment])
        codec = default_codec()
        field_writer = codec.field_writer(storage, codec.new_segment(storage, INDEX_NAME))
        field_writer.start_field("textf", build_schema()["textf"])
        field_writer.start_term(b"hoi")  # sets the block buffers
        reader = index.refresh().reader()
        segreader = next(iter(reader.leaf_readers()))[0]
        matcher = segreader._terms.matcher("textf", b"hoi", build_schema()["textf"].format)
        objects = {
            "SegmentReader": segreader,
            "W3LeafMatcher": matcher,
            "W3FieldWriter": field_writer,
            "W3PostingsWriter": field_writer._postwriter,
            "TOC": whoosh_private.TOC,
            "FileIndex": index,
        }
        for cls, name in whoosh_private.PRIVATE_ATTRIBUTES:
            with self.subTest(attribute=f"{cls.__name__}.{name}"):
                if objects[cls.__name__] is not cls:
                    self.assertIsInstance(objects[cls.__name__], cls)
                self.assertTrue(hasattr(objects[cls.__name__], name))
        reader.close()

    def test_block_reads_equal_whoosh_public_postings(self):
        storage = FileStorage(tempfile.mkdtemp())
        index = storage.create_index(build_schema(), indexname=INDEX_NAME)
        writer = index.writer()
        # More postings than one block (128), so block boundaries are crossed.
        for doc in documents(300):
            writer.add_document(**doc)
        writer.commit()
        with index.reader() as reader:
            segreader = next(iter(reader.leaf_readers()))[0]
            for fieldname, term in [("textf", "hoi"), ("textf", "dang"), ("codes", "26-NQ/TW")]:
                with self.subTest(term=term):
                    ids, weights = read_postings(segreader, fieldname, term)
                    public = reader.postings(fieldname, term)
                    expected = list(public.items_as("frequency"))
                    self.assertGreater(len(expected), 128)
                    self.assertEqual(
                        list(zip(ids.tolist(), weights.tolist(), strict=True)),
                        [(docnum, float(freq)) for docnum, freq in expected],
                    )
            ids, weights = read_postings(segreader, "textf", "khong-co")
            self.assertEqual((len(ids), len(weights)), (0, 0))
        self.assertEqual(whoosh_private.latest_generation(storage, INDEX_NAME), 1)

    def test_block_writes_equal_whoosh_writer(self):
        ours = FileStorage(tempfile.mkdtemp())
        ix = ours.create_index(build_schema(), indexname=INDEX_NAME)
        whoosh_private.append_segments(
            ix, [segments.write_segment(ours, build_schema(), documents(300))]
        )
        theirs = FileStorage(tempfile.mkdtemp()).create_index(build_schema())
        writer = theirs.writer()
        for doc in documents(300):
            writer.add_document(**doc)
        writer.commit()
        with ix.refresh().reader() as a, theirs.reader() as b:
            for fieldname, term in [("textf", "hoi"), ("pairs", "hoi nghi"), ("codes", "26-NQ/TW")]:
                with self.subTest(term=term):
                    pa, pb = a.postings(fieldname, term), b.postings(fieldname, term)
                    self.assertEqual(list(pa.items_as("frequency")), list(pb.items_as("frequency")))
                    self.assertEqual(
                        a.postings(fieldname, term).supports_block_quality(),
                        b.postings(fieldname, term).supports_block_quality(),
                    )

    def test_segment_postings_and_terms_are_whoosh_writers_byte_for_byte(self):
        # Terms of one to three blocks, frequencies 1 to 3, equal and mixed
        # weights in a block, scored and unscored fields.
        ours = FileStorage(tempfile.mkdtemp())
        segment = segments.write_segment(ours, build_schema(), documents(300))
        theirs = FileStorage(tempfile.mkdtemp()).create_index(build_schema())
        writer = theirs.writer()
        for doc in documents(300):
            writer.add_document(**doc)
        writer.commit()
        theirs = FileStorage(theirs.storage.folder).open_index()
        their_segment = theirs._segments()[0]
        # Whoosh's writer makes a compound file: compare its members.
        their_files = their_segment.open_compound_file(theirs.storage)
        for suffix in (".pst", ".trm"):
            with self.subTest(file=suffix):
                with ours.open_file(segment.make_filename(suffix)) as fh:
                    mine = fh.read()
                with their_files.open_file(their_segment.make_filename(suffix)) as fh:
                    self.assertEqual(mine, fh.read())
