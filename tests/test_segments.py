"""Segments written straight through the codec (search/engine/segments.py) hold
exactly what Whoosh's own writer would write, and Whoosh reads them."""

import tempfile

from django.test import TestCase
from whoosh.filedb.filestore import FileStorage

from search import indexing
from search.engine import segments
from search.engine.schema import build_schema, to_document
from tests.factories import make_report

TEXTS = [
    "Hội nghị quán triệt Nghị quyết 26-NQ/TW về cán bộ. Chính sách tiền lương, bảo hiểm.",
    "Khoá XII, hội nghị Trung ương 7; hoà bình, thuỷ lợi. Diên Hồng, Nhà Quốc hội.",
    "Quy định 205-QĐ/TW kiểm soát quyền lực; chạy chức, chạy quyền. " * 40,
    "Ủy ban nhân dân tỉnh Hà Giang; đồng chí Thào Hồng Sơn phát biểu.",
]


def postings_by_report(index):
    """{(field, term): {report pk: frequency}} read with Whoosh's own reader."""
    out = {}
    with index.reader() as reader:
        pk_of = {docnum: int(fields["django_id"]) for docnum, fields in reader.iter_docs()}
        for fieldname in ("text", "textf", "pairs", "titlef", "codes", "plenum_keys"):
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                out[(fieldname, term)] = {
                    pk_of[docnum]: weight
                    for docnum, weight in zip(
                        matcher.all_ids(), _weights(reader, fieldname, term), strict=True
                    )
                }
    return out


def _weights(reader, fieldname, term):
    matcher = reader.postings(fieldname, term)
    while matcher.is_active():
        yield matcher.weight()
        matcher.next()


class SegmentWriterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for i in range(15):
            make_report(
                f"Báo cáo số {i}: {TEXTS[i % len(TEXTS)][:40]}",
                body=TEXTS[i % len(TEXTS)] + f" Lần thứ {i}.",
                event_date=f"20{10 + i}-0{1 + i % 9}-1{i % 9}",
                subject_documents=["26-NQ/TW"] if i % 2 else [],
                documents=["205-QĐ/TW"] if i % 3 == 0 else [],
                plenums=["XII-7"] if i % 4 == 0 else [],
            )

    def test_codec_segments_equal_whoosh_writer_segments(self):
        index = indexing.report_index()
        pks = list(index.index_queryset().values_list("pk", flat=True))
        docs = [to_document(index.full_prepare(r)) for r in index.index_queryset()]

        ours = FileStorage(tempfile.mkdtemp()).create_index(build_schema())
        count = segments.build(ours, pks, indexing.documents_between, procs=1, segment_size=4)
        self.assertEqual(count, 15)

        theirs = FileStorage(tempfile.mkdtemp()).create_index(build_schema())
        writer = theirs.writer()
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()

        ours, theirs = ours.refresh(), theirs.refresh()
        self.assertEqual(len(list(ours.reader().leaf_readers())), 4)
        self.assertEqual(postings_by_report(ours), postings_by_report(theirs))
        with ours.reader() as r1, theirs.reader() as r2:
            self.assertEqual(r1.doc_count(), r2.doc_count())
            for fieldname in ("text", "textf", "pairs"):
                self.assertEqual(r1.field_length(fieldname), r2.field_length(fieldname))

    def test_whoosh_can_merge_codec_segments(self):
        index = indexing.report_index()
        pks = list(index.index_queryset().values_list("pk", flat=True))
        ours = FileStorage(tempfile.mkdtemp()).create_index(build_schema())
        segments.build(ours, pks, indexing.documents_between, procs=1, segment_size=4)
        before = postings_by_report(ours.refresh())
        ours.refresh().optimize()
        after = postings_by_report(ours.refresh())
        self.assertEqual(before, after)


def test_a_segment_without_the_metadata_column_is_read_as_rows_without_metadata():
    """A segment none of whose documents wrote the metadata column has no
    column file; Whoosh's fallback fails on that column type, which turned
    every search into a 500 after the index worker was killed mid-commit."""
    from whoosh import index as whoosh_index

    from search.engine.view import SegmentData

    with tempfile.TemporaryDirectory() as root:
        ix = whoosh_index.create_in(root, build_schema())
        with ix.writer() as writer:
            writer.add_document(id="archive.report.1", django_ct="archive.report", django_id="1")
        with ix.reader() as reader:
            (segreader,) = [r for r, _offset in reader.leaf_readers()]
            data = SegmentData(segreader)
    assert data.n == 1
    assert list(data.pk) == [0]
