"""Snippets mark exactly what matched: phrases in sequence, accents as typed,
names whole; they start and end on word boundaries and stay escaped."""

import re

from django.test import SimpleTestCase

from search import highlight, query


def marked(text, q, doc_codes=()):
    html = highlight.snippet(text, highlight.Terms.of(query.parse(q)), doc_codes)
    return re.findall(r"<mark>(.*?)</mark>", html), html


class HighlightTests(SimpleTestCase):
    def test_a_phrase_marks_its_syllables_in_sequence_only(self):
        text = "Lực lượng vũ trang. Cải cách chính sách tiền lương; tiền thưởng và lương hưu."
        marks, _ = marked(text, '"tiền lương"')
        self.assertEqual(marks, ["tiền", "lương"])

    def test_accents_typed_are_respected(self):
        text = "Lực lượng vũ trang và chính sách tiền lương của cán bộ."
        self.assertEqual(marked(text, "tiền lương")[0], ["tiền", "lương"])
        self.assertEqual(marked(text, "lương")[0], ["lương"])
        self.assertEqual(marked(text, "lượng")[0], ["lượng"])
        # Without accents, every folded form matched.
        self.assertEqual(marked(text, "luong")[0], ["lượng", "lương"])

    def test_folded_match_is_marked_when_the_text_has_no_other_writing(self):
        self.assertEqual(marked("Phòng họp Dien Hong.", "Diên Hồng")[0], ["Dien", "Hong"])

    def test_a_name_is_marked_whole_and_its_syllables_elsewhere_are_not(self):
        text = "Đồng chí Trần Quốc Vượng phát biểu tại Nhà Quốc hội, đồng chí Trần Văn Nam dự."
        self.assertEqual(marked(text, "tran quoc vuong")[0], ["Trần", "Quốc", "Vượng"])

    def test_scattered_words_are_marked_when_no_run_is_in_the_text(self):
        text = "Công tác cán bộ; kiểm tra và giám sát; quyền hạn và lực lượng."
        self.assertEqual(marked(text, "cán kiểm quyền")[0], ["cán", "kiểm", "quyền"])

    def test_snippets_start_and_end_on_word_boundaries(self):
        words = ["Trung", "ương", "Phạm", "Minh", "Chính", "chỉ", "đạo", "hội", "nghị"] * 60
        text = "\n".join(" ".join(words[i : i + 7]) for i in range(0, len(words), 7))
        _, html = marked(text, "minh chinh")
        body = html.strip("…")
        plain = re.sub(r"</?mark>", "", body)
        first, last = plain.split()[0], plain.split()[-1]
        self.assertIn(first, words)
        self.assertIn(last, words)

    def test_abbreviations_and_codes_are_marked_and_text_is_escaped(self):
        text = "<b>UBND</b> tỉnh triển khai Nghị quyết 26-NQ/TW."
        marks, html = marked(text, "UBND 26-NQ/TW", doc_codes=["26-NQ/TW"])
        self.assertEqual(marks, ["UBND", "26-NQ/TW"])
        self.assertIn("&lt;b&gt;", html)
