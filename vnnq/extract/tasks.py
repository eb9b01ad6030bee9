"""The task list: every assigned duty with its lead unit, helpers and deadline.

Four shapes, from the standards (NĐ 30/2020 Phụ lục IV "Phiếu giải quyết":
chủ trì / phối hợp / thời hạn) and the way plans are written:

(a) section: a numbered unit heading ("1. Phòng Văn hóa - Xã hội", "2.3. Sở Y tế:")
    and the bullets under it, one task each;
(b) sentence: "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ ...",
    "Đề nghị các đơn vị ...", "Yêu cầu ...";
(c) block: a duty line followed by "- Cơ quan chủ trì: ...", "- Cơ quan phối
    hợp: ...", "- Thời gian thực hiện: ...";
(d) table: a row of a table whose header names Nhiệm vụ | Chủ trì | Phối hợp |
    Thời gian | Sản phẩm.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from vnnq.extract._scan import UPPER
from vnnq.extract.tables import task_rows
from vnnq.ingest.normalize import Text, single_spaces
from vnnq.model import Deadline, Span, Task

# Verbs that start the action after a unit name (the unit ends before them).
_ACTION_VERBS = (
    "chủ trì", "phối hợp", "triển khai", "thực hiện", "chỉ đạo", "hướng dẫn",
    "tham mưu", "rà soát", "kiểm tra", "báo cáo", "nghiên cứu", "khẩn trương", "tiếp tục", "chủ động",
    "tăng cường", "đẩy mạnh", "căn cứ", "quán triệt", "tuyên truyền", "có trách nhiệm", "chịu trách nhiệm",
    "theo dõi", "đôn đốc", "bảo đảm", "đảm bảo", "cập nhật", "ban hành", "hoàn thiện", "tập trung",
    "nghiêm túc", "kịp thời", "phổ biến", "tổng hợp", "đề xuất", "bố trí", "cân đối",
    "hỗ trợ", "giám sát", "thẩm định", "xem xét", "giải quyết", "đánh giá", "sơ kết", "tổng kết", "phát huy",
    "vận động", "nắm bắt", "kiện toàn", "thống nhất", "cung cấp", "gửi", "tiếp nhận", "xử lý", "liên hệ",
    "thường xuyên", "định kỳ", "khắc phục", "nâng cao", "lồng ghép", "duy trì", "phát động", "cử", "bám sát",
    "ưu tiên", "hằng năm", "hàng năm", "trực tiếp", "sớm", "làm tốt", "quan tâm", "chuẩn bị", "tích cực",
    "khẩn", "biên soạn", "soạn thảo", "đăng tải", "lựa chọn", "công bố", "là cơ quan",
    "làm đầu mối", "nắm", "trên cơ sở", "trong phạm vi", "theo chức năng", "theo thẩm quyền", "phân công",
    "tiến hành", "khẩn trương", "nghiêm túc", "đẩy nhanh", "quyết định", "ra quyết định", "thành lập",
    "phê duyệt", "hoàn thành", "bàn giao", "trả lời", "có ý kiến", "lấy ý kiến", "huy động",
    # the acts a decision on competences assigns (NĐ 30/2020 duties of issuing bodies)
    "chấp thuận", "niêm yết", "tạo điều kiện", "thừa ủy quyền", "thừa uỷ quyền", "cấp phép", "tiếp thu",
    "giải trình", "cấu hình",
    "cấp giấy phép", "cấp Giấy phép", "cấp giấy chứng nhận", "cấp Giấy chứng nhận",
)
# "tổ chức" is also the noun "organisation": "các cơ quan, tổ chức đảng", "tổ chức, cá nhân"
# and "cơ quan, tổ chức" / "đơn vị, tổ chức" is the pair of nouns of NĐ 30/2020
# ("các tổ chức cung cấp dịch vụ": the plural noun)
# ("Người đứng đầu cơ quan, tổ chức quyết định ..."): "tổ chức" after it is no verb
# and after a preposition or a quantifier it is the noun: "Giấy đăng ký hoạt động của tổ
# chức hành nghề luật sư", "cho từng tổ chức", "với mọi tổ chức"
_TO_CHUC_VERB = (r"(?<!cơ quan, )(?<!Cơ quan, )(?<!đơn vị, )(?<!Đơn vị, )(?<!các )(?<!Các )"
                 r"(?<!của )(?<!cho )(?<!với )(?<!những )(?<!mọi )(?<!từng )(?<!mỗi )tổ chức(?!\s*(?:,|;|\.|đảng|chính trị|xã hội|cá nhân|và|liên quan|có liên quan|thành viên|"
                 r"đoàn thể|hội|quần chúng|tín dụng|kinh tế|khác|nước ngoài|bộ máy|được|hành chính|sự nghiệp|phi chính phủ|quốc tế|hành nghề))")
# "trình" (submit) is also the second syllable of nouns: "Chương trình", "công
# trình", "quá trình", "quy trình", "tờ trình", "lộ trình", "tiến trình"
_TRINH_VERB = "".join(f"(?<!{w} )" for w in (
    "chương", "Chương", "công", "Công", "quá", "quy", "Quy", "tờ", "Tờ", "lộ", "tiến", "giáo", "hành")) + "trình"
# "lãnh đạo" (lead) is also a noun inside unit names: "tập thể lãnh đạo cơ quan",
# "Ban lãnh đạo", "cán bộ lãnh đạo"
_LANH_DAO_VERB = "".join(f"(?<!{w} )" for w in ("tập thể", "Tập thể", "Ban", "ban", "cán bộ", "người")) + "lãnh đạo"
# "quản lý" (manage) names a kind of body after "Sở", "cơ quan": "Các Sở quản lý công trình
# xây dựng chuyên ngành", "cơ quan quản lý nhà nước"
_QUAN_LY_VERB = "(?<!Sở )(?<!sở )(?<!quan )quản lý"
# "xây dựng" (build) is also the noun of "công trình xây dựng", "hoạt động xây dựng"
_XAY_DUNG_VERB = "(?<!công trình )(?<!hoạt động )xây dựng"
# "thông tin" (inform) is also the noun of "công nghệ thông tin", "Cổng thông tin"
_THONG_TIN_VERB = "(?<!nghệ )(?<!Cổng )(?<!cổng )thông tin"
_VERB_RE = re.compile(
    # ("lĩnh vực xây dựng, giao thông", "ngành xây dựng": a sector, not the verb)
    # ("Ban chỉ đạo", "Ban quản lý", "Hội đồng thẩm định", "Tổ công tác": a body's name)
    # ("Người hướng dẫn nghiên cứu", "người quản lý": a role, not the verb)
    # (but no name goes on with "có/chịu trách nhiệm", "chủ trì": "Trưởng Ban có trách nhiệm:")
    r"(?:^|[\s,;:])(?<!lĩnh vực )(?<!ngành )(?<! về )"
    r"(?:(?<!Ban )(?<!ban )(?<!Hội đồng )(?<!hội đồng )(?<!Ủy ban )(?<!Tổ )(?<!Người )(?<!người )"
    r"|(?=(?:có|chịu) trách nhiệm\b|chủ trì\b))(?P<v>" + "|".join(sorted(map(re.escape, _ACTION_VERBS), key=len, reverse=True))
    + "|" + _TRINH_VERB + "|" + _LANH_DAO_VERB + "|" + _THONG_TIN_VERB + "|" + _QUAN_LY_VERB + "|" + _XAY_DUNG_VERB + r")"
    r"(?=[\s,.;:]|$)|(?:^|[\s,;:])(?P<v2>" + _TO_CHUC_VERB + r")(?=\s|$)"
)
# A unit name starts with one of these (plural "Các", generic "Thủ trưởng").
_UNIT_HEAD = (
    r"(?:Các|Thủ trưởng|Giám đốc|Chủ tịch|Trưởng|Lãnh đạo|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Sở|Phòng|Ban|Bộ|"
    r"Cục|Tổng cục|Chi cục|Văn phòng|Công an|Quân sự|Bộ Chỉ huy|Bộ đội|Đảng ủy|Đảng uỷ|Đảng đoàn|Ban cán sự|"
    r"Chi bộ|Cấp ủy|Cấp uỷ|Mặt trận|MTTQ|UBMTTQ|Đoàn|Hội|Liên đoàn|Liên hiệp|Trung tâm|Trường|Đài|Báo|Kho bạc|"
    r"Bảo hiểm|Ngân hàng|Viện|Tòa án|Thanh tra|Tỉnh đoàn|Thành đoàn|Công ty|Doanh nghiệp|Cơ quan|Đơn vị|"
    r"Tổ chức|Người đứng đầu|Thường trực|Ban Thường vụ|Ban Chỉ đạo|Chính quyền|Hiệu trưởng|Tổ dân phố|"
    r"Ủy ban MTTQ|Thủ tướng|Phó Thủ tướng|Chính phủ|Đảng ủy|Tỉnh ủy|Thành ủy|Quận ủy|Huyện ủy|Cơ sở|"
    r"Hội Liên hiệp|Cục Thuế|Thuế|Hải quan|Sở,|Sở:|Ủy ban nhân dân|"
    # "Cấp xã", "Cấp tỉnh", "Cấp trên" (a level of government; "Cấp bản sao ..." is the verb "issue")
    r"Cấp(?= (?:xã|huyện|tỉnh|trên|dưới|cơ sở|Trung ương|trung ương|thành phố|quận|phường|ủy|uỷ)\b)|Tập đoàn|Tổng công ty|Nhà|Bệnh viện|"
    r"Quỹ|Học viện|Đại học|Cổng|Kiểm toán|Văn phòng|Tổ công tác|Tòa|Viện kiểm sát|Bí thư|Chủ đầu tư|"
    # the titles of a body's head: "Thống đốc Ngân hàng Nhà nước", "Tổng Giám đốc", "Chánh Văn phòng"
    r"Thống đốc|Tổng Giám đốc|Tổng Kiểm toán|Chánh Văn phòng|Chánh Thanh tra|Chánh án|Viện trưởng|"
    # their deputies, and the members of a board: "Phó Trưởng ban thường trực", "Ủy viên Ban Chỉ đạo"
    r"Phó(?= (?:Chủ tịch|Giám đốc|Trưởng|Bí thư|Thủ trưởng|Tổng|Chánh|Hiệu trưởng|Viện trưởng|Cục trưởng)\b)|"
    r"Ủy viên|Uỷ viên|"
    # a force: "Lực lượng Kiểm lâm, Công an ...", "Lực lượng canh phòng phải thường xuyên trên chòi canh"
    r"Lực lượng(?= (?:Công an|công an|Kiểm lâm|kiểm lâm|Quân đội|quân đội|Quân sự|quân sự|vũ trang|chức năng|canh phòng|"
    r"xung kích|dân quân|Dân quân|Biên phòng|biên phòng|phòng cháy|cứu hộ|cứu nạn|tuần tra|bảo vệ|Cảnh sát|cảnh sát)\b)|"
    # a province or city by its name: "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh ..."
    r"Thành phố(?= [" + UPPER + r"])|Tỉnh(?= [" + UPPER + r"])|"
    # the province or city a conclusion is addressed to, as its subject: "Tỉnh tổ chức
    # thực hiện nghiêm túc ...", "Thành phố cần tập trung ..."
    r"(?:Tỉnh|Thành phố)(?= (?:cần|phải|chủ động|tập trung|tiếp tục|khẩn trương|tổ chức|thực hiện|xem xét|"
    r"căn cứ|nghiên cứu|tổng hợp|rà soát|chỉ đạo|triển khai|quan tâm|đẩy mạnh|tăng cường|có trách nhiệm)\b))"
)
# "Các ..." and "Tổ chức ..." start a unit name only when a unit noun follows
_GENERIC_HEAD_RE = re.compile(r"^(?:Các|Tổ chức)\b")
_GENERIC_UNIT_RE = re.compile(
    r"(?i)^(?:Các|Tổ chức)\s+(?:đồng chí\s+)?(?:cơ quan|đơn vị|sở|ban|ngành|phòng|xã|phường|tỉnh|thành phố|tổ chức|ủy ban|"
    r"uỷ ban|trường|doanh nghiệp|hội(?! nghị| thảo| thi| diễn| giảng)|bộ|cục|địa phương|chi bộ|chi cục|đảng bộ|đảng ủy|cấp ủy|cấp uỷ|đoàn thể|lực lượng|"
    r"trung tâm|tổ dân phố|thôn|cơ sở|nhà mạng|đài|báo|viện|bệnh viện|công ty|hiệp hội|quận|huyện|thành viên|"
    r"ngân hàng|chính trị|cá nhân|người|thủ trưởng|giám đốc|chủ tịch|bí thư|trưởng|phó|ủy viên|uỷ viên|tập đoàn|tổng công ty|hợp tác xã|chủ đầu tư|"
    r"nhà đầu tư|học viện|đại học|quỹ|văn phòng)\b"
)
# words that start a unit name but also verbs or nouns that are not units
_NOT_UNIT_START_RE = re.compile(
    r"(?i)^(?:Trường hợp|Phòng ngừa|Phòng,? chống|Cơ sở vật chất|Cơ sở dữ liệu|Cơ sở pháp lý|Ban hành|"
    r"Hội (?:nghị|thi|thảo|diễn|giảng)|Đoàn kết|Nhà (?:nước|giáo)|Cấp (?:phép|giấy|có thẩm quyền)|Quỹ đất|Báo cáo|"
    # a tax, not the tax office ("Thuế thành phố Hà Nội"): "Thuế giá trị gia tăng, lệ phí ... được thu ..."
    r"Thuế (?:giá trị gia tăng|thu nhập|tiêu thụ đặc biệt|xuất khẩu|nhập khẩu|bảo vệ môi trường|tài nguyên|"
    r"sử dụng đất|môn bài|GTGT|TNDN|TNCN|TTĐB))\b")
# "Bộ nhận diện", "Bộ tiêu chí": a set of things; a ministry is "Bộ" + a capitalised name
_BO_SET_RE = re.compile(r"^Bộ\s+(?!phận\b|chỉ huy\b|đội\b|ngành\b|ban\b|trưởng\b|tư lệnh\b)(?P<w>\w)")
_UNIT_START_RE = re.compile(r"^" + _UNIT_HEAD + r"\b")
_HEADING_RE = re.compile(
    # "1.", "1.2.", "a)", "II.", and "Điều 10." (an article of a Quy định/Quy chế)
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zđ]\)|[IVX]{1,4}\.|Điều\s+\d{1,3}\.?)\s*)(?P<body>.+)$"
)
# "- ", "+ ", "a) ", "(1) " and the lower-case roman "(i) ", "(iii) " of conclusions
_BULLET_RE = re.compile(r"^(?P<mark>[-+•–—∙]\s*|[a-zđ]\)\s+|\((?:\d+|[ivx]{1,6})\)\s+)(?P<body>.+)$")
_ASSIGN_RE = re.compile(
    # ("rất mong Quý cơ quan phối hợp ...": the polite request of a công văn to another body)
    r"(?P<verb>Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Phân công|phân công|Chỉ đạo|Ủy quyền|"
    r"(?:[Rr]ất|[Kk]ính) mong(?! muốn| đợi| chờ))"
    r"(?:\s+cho)?\s+(?P<rest>.+)"
)


def _assignment(s: str, pos: int = 0) -> re.Match[str] | None:
    """The first assignment verb of ``s`` (from ``pos``) that starts it or follows a
    space or punctuation ("Giao Sở ...", "; đề nghị ...").  The test of the character
    before is done here, not by a look-behind, which would slow the scan."""
    while True:
        m = _ASSIGN_RE.search(s, pos)
        if m is None or m.start() == 0 or s[m.start() - 1] in " \t\n,;:.(":
            return m
        pos = m.start() + 1
_COORD_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+(?:với\s+)?(?P<c>[^;.]+)")
# "- Cơ quan chủ trì: Bộ Công an.", "Đơn vị chủ trì thực hiện: Các Sở, ngành"
_LABEL_LEAD_RE = re.compile(
    r"^(?:[-+]\s*)?(?:Cơ quan|Đơn vị|Bộ phận)\s+(?:chủ trì|thực hiện)[^:]{0,30}:\s*(?P<u>.+)$", re.I)
_LABEL_COORD_RE = re.compile(
    r"^(?:[-+]\s*)?(?:Cơ quan|Đơn vị|Bộ phận)\s+phối hợp(?:\s+thực hiện)?\s*:\s*(?P<u>.+)$", re.I)
_LABEL_OTHER_RE = re.compile(r"^(?:[-+]\s*)?(?:Thời gian|Thời hạn|Sản phẩm|Nội dung|Kết quả|Kinh phí)[^:]{0,30}:", re.I)
# "a) Nhiệm vụ: Tham mưu ...", "a) Nhiệm vụ:" (its bullets follow), "- Nội dung: ..."
_DUTY_LABEL_RE = re.compile(r"^(?:[a-zđ]\)\s*|[-+]\s*)?(?:Nhiệm vụ|Nội dung)(?: thực hiện| cụ thể)?\s*:\s*(?P<d>.*)$")
_LABEL_ONLY_RE = re.compile(r"^(?:[a-zđ]\)\s*|[-+]\s*)?(?:Cơ quan|Đơn vị)\s+(?:thực hiện|chủ trì)\s*:\s*$")
_PRODUCT_RE = re.compile(r"^(?:[-+]\s*)?Sản phẩm[^:]{0,20}:\s*(?P<p>.+)$", re.I)
# an addressee and the purpose it is sent for (NĐ 30/2020: "để biết", "để b/c", "để chỉ đạo")
_PURPOSE_END_RE = re.compile(r"\sđể\s+(?:\S+\s+){0,5}\S+\s*[.;]?\s*$")
_ADDRESSEES_RE = re.compile(r"^(?:Đồng kính gửi|Kính gửi)\s*:?\s*$")
# the divisions of a document above its articles or parts (NĐ 30/2020 Phụ lục I: phần,
# chương, mục), alone on their line or with their title
_DIVISION_RE = re.compile(r"^(?:Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+(?:[IVXLC]+|\d{1,2})(?:\s*[.:]|\s*$|\s+[" + UPPER + r"]{2})")
_CLOSING_RE = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|T/M|K/T|TL\.|T/L)", re.I)
_NOT_TASK_HEAD = re.compile(
    r"(?i)^(?:mục đích|yêu cầu|nội dung|nhiệm vụ|giải pháp|tổ chức thực hiện|kinh phí|hình thức|thời gian|"
    r"phạm vi|đối tượng|chế độ|trách nhiệm|quan điểm|mục tiêu|căn cứ|tình hình|kết quả|đánh giá|phân công)"
)


# A paragraph whose subject is a unit and whose verb gives it a duty.
# a time or basis phrase put before the subject: "Hằng năm, Sở Nội vụ tổng hợp ..."
# "Đối với các nhiệm vụ triển khai trong năm 2025, các sở, ngành ...", "Định kỳ hằng năm, ..."
_FRONTED = (r"(?:(?:(?:Định kỳ (?:hằng|hàng) (?:năm|quý|tháng)|(?:Hằng|Hàng) (?:năm|quý|tháng)|Định kỳ)"
            # its date in brackets and a second occasion: "Định kỳ hàng năm (trước ngày 30 tháng 10)
            # và khi kết thúc dự án, Quỹ đầu tư phát triển Thành phố có trách nhiệm ..."
            r"(?:\s*\([^()]{3,80}\))?(?: và (?:khi|sau khi|trước khi) [^,;:.()]{3,80})?|"
            # the ordinals of a conclusion's points: "Thứ tư, các địa phương cần chủ động ..."
            r"Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|"
            r"Đồng thời|Ngoài ra|Trong [^,;:.]{3,60}|"
            # a time limit put first (NĐ 30/2020 wording of a procedure): "Trong thời hạn 02 ngày làm
            # việc kể từ khi nhận được văn bản đề nghị, Sở Khoa học và Công nghệ ..."
            r"(?:Trong thời hạn|Trong vòng|Không quá|Chậm nhất|Sau tối đa|Tối đa) [^;:.]{3,150}?|(?:Sau|Trước) khi [^,;:.]{3,100}|Trên cơ sở [^;:.]{2,100}?|Căn cứ [^,;:.]{3,100}(?:,\s*[^,;:.]{3,60})?|"
            r"Đối với [^,;:.]{3,100}|Với [^,;:.]{3,100}|"
            # a purpose put first: "Để nâng cao hiệu lực quản lý nhà nước về đầu tư, các Sở, ngành ..."
            r"Để [^;:.]{3,200}?),\s*"
            # a topic or a label before the doer: "Về việc thỏa thuận giao cắt ...: Ủy ban nhân dân ...",
            # "Báo cáo 6 tháng, cả năm: Sở Tài chính tổng hợp ..."
            r"|(?:Về [^;:.]{3,150}|Đối với [^;:.]{3,200}|[" + UPPER + r"][^;:.]{2,40}):\s+"
            # a condition before the doer: "Đối với cán bộ bị kỷ luật, sau khi ..., thì các cấp ủy ... phải"
            r"|(?:Đối với|Sau khi|Khi|Trong trường hợp) [^;:.]{3,200}?,?\s+thì\s+)?")
# the colon of a plural that lists its members: "Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa,
# Gia Lai và Lâm Đồng khẩn trương gửi Báo cáo ...", "Bộ trưởng các Bộ: Tài chính, Y tế ..."
_ENUM_COLON = "(?:" + "|".join(f"(?<=các {w})" for w in (
    "tỉnh", "thành phố", "Bộ", "bộ", "sở", "Sở", "ngành", "xã", "phường", "huyện", "quận", "địa phương")) + "):"
# a plural unit written in lower case after a fronted phrase: "..., các cơ quan, đơn vị xây dựng ..."
_LOWER_PLURAL = r"các\s+(?:cơ quan|đơn vị|sở|ban|ngành|cấp ủy|địa phương|tổ chức|bộ|chủ đầu tư|doanh nghiệp)\b"
# doers listed with ";" before their common verb: "Bí thư tỉnh ủy, thành ủy; Chủ tịch Ủy ban nhân
# dân các tỉnh ... tập trung lãnh đạo ..." (a ";" before a further title or body, not a clause)
_UNIT_SEMICOLON = r";(?= (?:Chủ tịch|Bí thư|Bộ trưởng|Thủ trưởng|Giám đốc|Tổng Giám đốc|Ủy ban|Uỷ ban|Ban Thường vụ|Thường trực|Người đứng đầu)\b)"
_SUBJECT_RE = re.compile(
    r"^" + _FRONTED + r"(?!Trường hợp)(?P<u>(?:" + _LOWER_PLURAL + r"|(?:các\s+)?" + _UNIT_HEAD + r"\b)"
    r"(?:(?!\s(?:phải|cần|đã|đang|sẽ)\s)(?:[^.;:]|" + _ENUM_COLON + r"|" + _UNIT_SEMICOLON + r")){0,200}?)\s+"
    # "Văn phòng Ban chỉ đạo ...", "Hội đồng thẩm định": a name; but "Trưởng Ban có trách
    # nhiệm ...", "Trưởng ban chủ trì các cuộc họp": no name goes on with these
    r"(?:(?<!Ban )(?<!ban )(?<!Hội đồng )(?<!Ủy ban )(?<!Tổ )(?<!Người )(?<!người )"
    r"|(?=(?:có|chịu) trách nhiệm\b|chủ trì\b))"
    r"(?<!công trình )(?<!hoạt động )"  # "Các Sở quản lý công trình xây dựng chuyên ngành": a name
    r"(?P<v>chủ trì|khẩn trương|tiếp tục|chủ động|nghiên cứu|có trách nhiệm|chịu trách nhiệm|tham mưu|tập trung|"
    r"phối hợp với|rà soát|căn cứ|phát động|huy động|" + _TO_CHUC_VERB + r"|triển khai|chỉ đạo|hướng dẫn|tăng cường|đẩy mạnh|kiện toàn|"
    r"tổng hợp|xây dựng|theo dõi|cung cấp|bảo đảm|đảm bảo|đăng tải|thu thập|ban hành(?! Quyết định)|đẩy nhanh|trao đổi|"
    r"lấy ý kiến|thực hiện|phê duyệt|xem xét|lãnh đạo|cụ thể hóa|thẩm định|đôn đốc|kiểm tra|"
    r"giám sát|báo cáo|hoàn thành|hoàn thiện|bố trí|phân bổ|tuyên truyền|quán triệt|phổ biến|nghiêm túc|kịp thời|"
    r"cấp phép|cấp [Gg]iấy phép|cấp [Gg]iấy chứng nhận|chấp thuận|niêm yết|tạo điều kiện|tiếp thu|giải trình|cấu hình)\b"
)
# "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:", "1. Nhiệm vụ của thành viên Ban Chỉ đạo"
_ASSIGN_LABEL_RE = re.compile(r"^(?:Đề nghị|Giao|Yêu cầu)\s*:\s*(?P<u>[^.;:]{3,200})$")
# and the article title of a Quy chế phối hợp: "Điều 5. Nội dung Sở Dân tộc và Tôn giáo có
# trách nhiệm chủ trì" (its clauses are that unit's duties)
_RESPONSIBILITY_RE = re.compile(
    r"^(?:(?:Trách nhiệm|Nhiệm vụ|Chức năng)(?:(?:,| và) (?:nhiệm vụ|quyền hạn|trách nhiệm|quyền))*(?: cụ thể)? của\s+(?P<u>[^.;:]{3,150}?)"
    r"|Nội dung\s+(?P<u2>[^.;:]{3,150}?)\s+(?:có|chịu) trách nhiệm(?:\s+(?:chủ trì|thực hiện))?)\s*:?\s*$")
# "Cấp ủy, chính quyền Thành phố phải xác định ...", "thành phố Đà Nẵng cần tập trung ..."
# "Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các
# hoạt động sau:": a doer introducing the list of its duties
_INTRO_DO_RE = re.compile(
    r"^" + _FRONTED + r"(?P<u>(?:các\s+)?(?:" + _UNIT_HEAD + r"|cơ quan|đơn vị|sở|ban|ngành|địa phương|cấp ủy)"
    r"\b[^.;:]{0,150}?)\s+(?:phối hợp\s+)?"
    r"(?:thực hiện|triển khai|tổ chức thực hiện|tổ chức triển khai)\b[^.;:]{0,120}?\b(?:sau|sau đây)\s*:\s*$"
)
# ("Đối với các chủ đầu tư cần nhanh chóng ...": the doer named as the topic)
_MUST_RE = re.compile(r"^" + _FRONTED + r"(?:Đối với\s+)?(?!Trường hợp)(?P<u>(?:" + _LOWER_PLURAL + r"|" + _UNIT_HEAD
                      + r"\b)[^.;:]{0,100}?)\s+(?P<v>phải|cần)\s")
# "có trách nhiệm" / "chịu trách nhiệm" (NĐ 30/2020 wording of a duty in a Quy định or
# Quy chế) makes its subject a doer even when the subject is a role no unit list holds:
# "Giáo vụ có trách nhiệm công bố điểm ...", "Người được giao xử lý công việc có trách nhiệm ..."
_RESPONSIBLE_RE = re.compile(
    r"^" + _FRONTED + r"(?!Trường hợp|Việc\b|Nội dung\b|Quy định\b|Quy chế\b|Kế hoạch\b|Ngoài\b)"
    r"(?P<u>(?:[" + UPPER + r"]|(?<=, )[a-zđ])[^.;:()]{2,100}?)\s+(?P<v>có trách nhiệm|chịu trách nhiệm)\s")
_END_RE = re.compile(r"[.;]\s*$")
# list items that are not duties: a cited document ("- Nghị định số 214/2025/NĐ-CP ..."),
# a short sub-heading of the list ("- Đào tạo và bồi dưỡng:"), a quota ("Xét tối đa 2 tập
# thể"), a thing listed, not an act ("- Hệ thống kiểm tra tải trọng xe tự động.", "- Cẩm
# nang nghiệp vụ thuế", "- Kinh phí khen thưởng: từ nguồn ..."), a case ("- Bị xử lý kỷ
# luật ... thì ..."), a bare number or an attachment note ("(Đính kèm Phụ lục I).")
_NOT_DUTY_ITEM_RE = re.compile(
    r"^(?:(?:Các )?(?:Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Kết luận|Quy định|Công văn|Thông báo|"
    r"Kế hoạch|Hướng dẫn)\b[^:]{0,30}?\bsố\b|[^.;:]{3,60}:\s*$|Xét tối đa\b|Chỉ tiêu\b|"
    r"(?:Hệ thống(?! hóa)|Cẩm nang|Slide|Video|Tài liệu|Danh mục|Kinh phí|Mức|Số lượng|Tỷ lệ|Phụ lục|Ý kiến)\b"
    r"|Bị\s|\d+\.?\s*$|\((?:Đính kèm|Kèm theo|Chi tiết tại)\b)")
# an item that starts with a duty's verb: "Chỉ đạo Ban Quản lý dự án ...", "Chủ trì, phối hợp ..."
_LEADING_VERB_RE = re.compile(
    r"(?:" + "|".join(sorted((v[0].upper() + v[1:] for v in _ACTION_VERBS), key=len, reverse=True)) + r"|Tổ chức|Lãnh đạo|Quản lý|Xây dựng)"
    r"(?=[\s,])")
# An introduction to a list of duties: "..., thành phố Đà Nẵng cần tập trung thực hiện
# tốt một số nhiệm vụ, giải pháp sau đây:"
_INTRO_SUBJ_RE = re.compile(
    r"(?:^|[,;]\s*)(?P<u>[^,;:]{3,100}?)\s+(?:cần|phải|có trách nhiệm)\s+"
    r"(?:(?:tập trung|tiếp tục|khẩn trương|chủ động)\s+)*"
    r"(?:thực hiện|triển khai|làm tốt|chỉ đạo|lãnh đạo)[^:]*:\s*$"
)
_GENERAL_HEAD_RE = re.compile(r"(?i)nhiệm vụ|giải pháp|đề nghị|yêu cầu|chỉ đạo|kết luận")
_NOT_GENERAL_RE = re.compile(r"(?i)mục đích|mục tiêu|tổ chức thực hiện|kinh phí|đánh giá")
# The closing formula of a Thông báo names who must act:
# "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh X và các Bộ ... biết, thực hiện./.",
# "Bộ Công Thương thông báo các thương nhân ... biết, thực hiện ..."
_DOER_RE = re.compile(
    r"thông báo (?:(?:để|cho) )?(?P<u>[^.;:\n]{3,160}?) (?:được )?biết,? (?:và )?(?:chỉ đạo )?thực hiện"
)


# The closing request of a plan: "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai
# thực hiện Kế hoạch này./." (the last paragraph before Nơi nhận)
_CLOSING_REQUEST_RE = re.compile(
    r"(?:^|[.;,:]\s*|\s)(?:[Đđ]ề nghị|[Yy]êu cầu|giao)\s+(?P<u>[^.;:\n]{3,200}?)\s+(?:(?:nghiêm túc|khẩn trương|chủ động|"
    r"tích cực|căn cứ[^.;:\n]{0,80}?,?)\s*)*(?:triển khai|thực hiện|tổ chức thực hiện)(?:\s+thực hiện)?"
    r"(?:[^.;:\n]{0,80}?(?:Kế hoạch|Chỉ thị|Chương trình|Công văn|Hướng dẫn|Quyết định|văn bản|kế hoạch|chỉ thị|"
    r"chương trình)\s+này)?"
    # "... triển khai thực hiện đảm bảo mục đích, yêu cầu, hiệu quả, đúng quy định./."
    r"(?:\s+(?:đảm bảo|bảo đảm|đạt|có hiệu quả|hiệu quả|nghiêm túc|đúng)[^.;:\n]{0,100})?\s*(?:\.|$)"
)


# The plan's own hand-over in its TỔ CHỨC THỰC HIỆN part: "Trên cơ sở Kế hoạch
# này, các sở, ban, ngành tỉnh tổ chức thực hiện nhiệm vụ được giao ..."
_CARRY_OUT_RE = re.compile(
    r"(?:Trên cơ sở|Căn cứ)\s[^,.;\n]{0,80}?(?:này|nêu trên),\s*"
    r"(?P<u>[^.;:\n,]{3,100}?(?:,\s[^.;:\n,]{2,40}?){0,4}?)\s+"
    r"(?:(?:chủ động|khẩn trương|nghiêm túc|có trách nhiệm)\s+)*(?:tổ chức|triển khai)(?:\s+triển khai)?\s+thực hiện\s+"
    r"(?:các |những )?nhiệm vụ"
)


_SENTENCE_GAP_RE = re.compile(r"[.;]\s+$")
# the first item of a plan's implementation part, when it hands the plan itself over
_IMPLEMENTATION_FIRST_RE = re.compile(
    r"(?m)^(?:[IVX]{1,4}\.|[A-Z]\.|\d{1,2}\.)?\s*TỔ CHỨC THỰC HIỆN\s*:?\s*\n+1\.\s+"
    r"(?P<body>[^\n]*?(?:triển khai|tổ chức) thực hiện[^\n]*?\b(?:Chương trình(?: hành động)?|Kế hoạch|Nghị quyết|Chỉ thị)"
    r"(?:[^\n.]{0,40})? này[^\n]*)")


def _document_doer(text: str) -> tuple[str, int] | None:
    """The unit a document asks to act on its general duties, with its offset:
    from a Thông báo's closing formula, a plan's closing request, or the plan's
    hand-over of its duties ("Trên cơ sở Kế hoạch này, X tổ chức thực hiện nhiệm
    vụ ...")."""
    for m in _DOER_RE.finditer(text):
        unit = re.split(r"\s+và\s+|,\s*", m.group("u"))[0].strip()
        if unit and (unit[0].isupper() or unit.startswith(("các", "cơ quan"))):
            return unit, m.start("u")
    im = _IMPLEMENTATION_FIRST_RE.search(text) if "TỔ CHỨC THỰC HIỆN" in text else None
    if im:
        # "III. TỔ CHỨC THỰC HIỆN" then "1. Các cấp ủy, tổ chức đảng các cấp chỉ đạo quán triệt, ...
        # xây dựng ... kế hoạch cụ thể để triển khai thực hiện ... Chương trình hành động này": the
        # doers handed the whole document first, before any closing request
        um = _subject(im.group("body"))
        if um and _unit_ok(um.group("u")) and um.group("u").startswith(("Các ", "các ")):
            return _clean_unit(um.group("u")), im.start("body") + um.start("u")
    end = text.find("\nNơi nhận")
    tail = text[max(0, end - 600):end] if end > 0 else text[-600:]
    found = list(_CLOSING_REQUEST_RE.finditer(tail))
    if found:
        m = found[-1]
        unit = _clean_unit(m.group("u"))
        if unit and _unit_ok(unit) and (_UNIT_START_RE.match(unit) or unit.startswith(("các", "cơ quan", "đơn vị"))):
            base = (max(0, end - 600) if end > 0 else max(0, len(text) - 600))
            return unit, base + m.start("u")
    for m in _CARRY_OUT_RE.finditer(text):
        # the cue opens the text, a line or a sentence (tested here: a leading
        # alternation would be tried at every position of the text)
        k = m.start()
        if k and text[k - 1] != "\n" and not _SENTENCE_GAP_RE.search(text, max(0, k - 20), k):
            continue
        unit = _clean_unit(m.group("u"))
        if unit and _unit_ok(unit) and (_UNIT_START_RE.match(unit) or unit.lower().startswith(("các", "cơ quan"))):
            return unit, m.start("u")
    om = _OPENING_REQUEST_RE.search(text, 0, 4000)
    if om:
        # "Bộ VHTTDL đề nghị các cơ sở đào tạo trực thuộc Bộ (sau đây gọi là cơ sở đào tạo)
        # nghiêm túc thực hiện một số nhiệm vụ ... như sau:" then "I. NHIỆM VỤ CHUNG": the
        # opening request of a công văn hands the duties under its headings to those it names
        unit = _clean_unit(om.group("u"))
        if unit and _unit_ok(unit):
            return unit, om.start("u")
    for m in _PART_HANDOVER_RE.finditer(text):
        # "13. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường" / "Căn cứ ..., triển
        # khai thực hiện các nhiệm vụ và giải pháp tại Phần III Kế hoạch này": the doer of the
        # part named, as the subject of the sentence or the unit heading just above it
        ls = text.rfind("\n", 0, m.start()) + 1
        um = _subject(text[ls:m.start()] + m.group(0))
        if um and _unit_ok(um.group("u")):
            return _clean_unit(um.group("u")), ls + um.start("u")
        ps = text.rfind("\n", 0, max(0, ls - 1)) + 1
        hm = _HEADING_RE.match(text[ps:max(ps, ls - 1)])
        if hm and _is_unit_heading(hm.group("body")):
            unit = _clean_unit(hm.group("body").rstrip(":"))
            if unit and _unit_ok(unit):
                return unit, ps + hm.start("body")
    return None


_OPENING_REQUEST_RE = re.compile(
    r"(?:đề nghị|yêu cầu|Đề nghị|Yêu cầu)\s+(?P<u>(?:các|Các|" + _UNIT_HEAD + r")\b[^.;:()\n]{2,150}?)\s+"
    r"(?:\([^()\n]{0,80}\)\s+)?(?:(?:nghiêm túc|khẩn trương|tập trung|chủ động|tiếp tục|quan tâm)\s+)*"
    r"(?:thực hiện|triển khai|tổ chức thực hiện|tổ chức triển khai)\s+(?:một số\s+|các\s+|những\s+)?nhiệm vụ"
    r"[^.:\n]{0,200}?(?:sau|như sau|sau đây|dưới đây)\s*:")


# a unit told to carry out the duties of a part of the plan (ANNOTATE.md: a hand-over in
# the implementation part): "... triển khai thực hiện các nhiệm vụ và giải pháp tại Phần III"
_PART_HANDOVER_RE = re.compile(
    r"(?:triển khai|tổ chức)(?:\s+triển khai)?\s+thực hiện\s+(?:các\s+|những\s+)?nhiệm vụ(?:\s*,\s*|\s+và\s+)?"
    r"(?:giải pháp\s+)?(?:(?:đã\s+)?(?:nêu\s+)?tại|ở|theo)\s+(?:Phần|PHẦN|Mục|MỤC|phần|mục)\s+[IVX]+\b")


# "... chịu trách nhiệm thi hành Quyết định này./.": the closing formula of a
# Quyết định (NĐ 30/2020 Phụ lục I), not a duty
# "Các cơ quan, tổ chức ... có trách nhiệm thực hiện Quy định này." is the same
# formula in the execution article of a Quy định or Quy chế
_EXECUTION_FORMULA_RE = re.compile(
    r"(?i)chịu trách nhiệm (?:thi hành|thực hiện) (?:\w+ ){1,3}này"
    r"|có trách nhiệm (?:thi hành|thực hiện|tổ chức thực hiện) (?:Quyết định|Quy định|Quy chế|Nghị quyết|Nghị định|"
    r"Thông tư|Điều lệ)(?: \w+){0,2} này")
# the enacting formula of a legal document, before its articles (Luật Ban hành văn bản
# quy phạm pháp luật; NĐ 30/2020 Phụ lục I): "Hội đồng nhân dân ban hành Nghị quyết quy
# định ...", "Ủy ban nhân dân tỉnh ban hành Quyết định ban hành Quy chế ...": the issuer's
# own act, not a duty
_ENACTING_RE = re.compile(r"^ban hành (?:Nghị quyết|Quyết định|Thông tư(?: liên tịch)?|Nghị định|Chỉ thị|Lệnh|Quy chế|Quy định|Điều lệ)\b")
_CONDITIONAL_RE = re.compile(r"(?i)\b(?:nếu|(?<!đối với )trường hợp|khi có|trong quá trình)\b"
                             # a violation a penalty clause describes: "Phạt tiền từ ... đối với hành
                             # vi không phân công người thực hiện nhiệm vụ ..."
                             r"|\bhành vi\b|^Phạt (?:tiền|cảnh cáo)\b")


# "..., thì trường hợp của Công ty đang trong quá trình thanh tra thuế, do đó đề nghị X ...":
# what stands before "do đó" is the reason for the request, not a condition on it
_THEREFORE_RE = re.compile(r"(?i)\b(?:do đó|do vậy|vì vậy|vì thế|bởi vậy)\b")


def _after_therefore(before: str) -> str:
    """``before`` from its last "do đó", "vì vậy" ... (all of it when it has none)."""
    last = None
    for last in _THEREFORE_RE.finditer(before):
        pass
    return before[last.end():] if last is not None else before


_ASSIGNED_RE = re.compile(r"\bđược (?:giao|phân công)\s*$")


def _subject(t: str) -> re.Match[str] | None:
    """A doer at the start of a paragraph: "X phải/cần ...", "X chủ trì ...",
    "X có trách nhiệm ..." (the unit is group "u")."""
    m = _must(t) or _SUBJECT_RE.match(t)
    if m is not None and _PASSIVE_END_RE.search(m.group("u")):
        # "Các cơ quan được phân công chủ trì thực hiện nhiệm vụ ... có trách nhiệm ...": the
        # verb after "được (giao|phân công)" names the role; the predicate is the later one
        return _responsible(t) or m
    if m is not None and _GENERIC_ROLE_RE.match(m.group("u")):
        # "Đơn vị cung cấp dịch vụ đăng kiểm có trách nhiệm kê khai ...": a generic noun and a
        # verb ("cung cấp") name a role; its duty is the "có/chịu trách nhiệm" that follows
        return _responsible(t) or m
    return m or _responsible(t)


_PASSIVE_END_RE = re.compile(r"\bđược(?: giao| phân công)?$")


def _must(t: str) -> re.Match[str] | None:
    # (_MUST_RE needs "phải" or "cần": most lines have neither, and its fronted
    # phrases backtrack over up to 200 characters before failing)
    return _MUST_RE.match(t) if "phải" in t or "cần" in t else None


def _responsible(t: str) -> re.Match[str] | None:
    # the cue is checked first: most lines have none, and the scan for it is the cost
    return _RESPONSIBLE_RE.match(t) if "trách nhiệm" in t[:400] else None


def _later_doers(body: str, off: int, end: int, unit: str, clauses: bool = False) -> list[_Draft]:
    """Duties of another doer in the later sentences of an item: "- Khẩn trương
    hoàn thiện các báo cáo ... gửi Bộ Tư pháp trước ngày 05/12/2025. Trên cơ sở
    đó, Bộ Tư pháp tổng hợp, báo cáo Thủ tướng Chính phủ ..." (the item's doer
    reports; the last sentence is Bộ Tư pháp's own duty)."""
    out: list[_Draft] = []
    if "." not in body and "; " not in body:
        return out
    sents = _sentences(body)
    pieces = sents[1:]
    if clauses and "trách nhiệm" in body and "; " in body:
        # a clause of its own after ";": "... Ủy ban nhân dân cấp xã có trách nhiệm báo cáo ...; Sở
        # Tài chính có trách nhiệm thực hiện giám sát ..." (only with the explicit "có/chịu trách
        # nhiệm", and only after a doer's own duty: after "Giao X chủ trì, phối hợp Y; Z ..." the
        # ";" may part the units it names)
        for so, sent in sents:
            for m in re.finditer(r"; (?=[" + UPPER + r"])", sent):
                clause = sent[m.end():]
                if _UNIT_START_RE.match(clause) and _responsible(clause):
                    pieces.append((so + m.end(), clause))
        pieces.sort()
    for so, sent in pieces:
        am = _assignment(sent)
        if am is not None:
            if am.start() == 0 and am.group("verb") in ("Giao", "Đề nghị", "Yêu cầu"):
                # "... so với năm 2024. Giao Văn phòng Bộ tổng hợp chung về kết quả thực hiện":
                # a sentence of the item that hands a part of it to another doer
                rest = am.group("rest")
                u, k = _unit_from(rest)
                if u and k < len(rest) and not _same_unit(u, unit):
                    a0 = off + so + am.start("rest")
                    out.append(_Draft(u, _coords(rest[k:]), rest[k:], a0 + k, end, "sentence", unit_start=a0))
            continue
        um = _subject(sent)
        if um is None or um.group(0).startswith(("Để ", "Đối với", "Sau khi", "Khi ", "Trong trường hợp")):
            continue
        if not _unit_ok(um.group("u")):
            continue
        u = _clean_unit(um.group("u"))
        if not u or _same_unit(u, unit):
            continue
        a0 = off + so
        out.append(_Draft(u, _coords(sent[um.end("u"):]), sent[um.start("v"):], a0 + um.start("v"), end,
                          "sentence", unit_start=a0 + um.start("u")))
    return out


def _same_unit(a: str, b: str) -> bool:
    """Do two unit names share most of their words ("Bộ Tư pháp", "Bộ Tư pháp chủ trì")?"""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa and wb) and len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _marker(mark: str) -> str:
    m = mark.strip()
    if m[:1] in "-–—•∙":
        return "dash"
    if m[:1] == "+":
        return "plus"
    if m[:1] == "(":
        return "paren"
    return "letter"


@dataclass
class _Draft:
    unit: str | None
    coordinating: list[str]
    action: str
    start: int
    end: int
    source: str
    product: str | None = None
    deadline_text: str | None = None
    unit_start: int = -1


@dataclass
class _Section:
    """A list of duties with one doer: under a unit heading, or after a request ending in ":"."""

    unit: str
    level: tuple[int, int]
    unit_start: int
    kind: str  # "unit" | "intro" | "general" | "contents" (the items a report must hold, see _lists_contents)
    marker: str | None = None
    seen: bool = False
    last: _Draft | None = None
    topic: bool = False  # a topic heading inside the list was just read ("1. Về tăng trưởng kinh tế:")


_MANDATE_RE = re.compile(
    r"\s*,?\s*(?:theo|căn cứ|trong phạm vi)\s+(?:chức năng|thẩm quyền|nhiệm vụ)[^;:]*$"
)


def _drop_mandate(u: str) -> str:
    """``u`` without its "theo chức năng, nhiệm vụ ..." tail (_MANDATE_RE).

    The pattern starts with ``\\s*``, so the engine tries it at every
    position; most names hold none of its nouns, and then it is not run."""
    if "chức năng" in u or "thẩm quyền" in u or "nhiệm vụ" in u:
        return _MANDATE_RE.sub("", u)
    return u


def _verb_at(m: re.Match[str]) -> int:
    """Start of the verb a _VERB_RE match found (either alternative)."""
    return m.start("v") if m.group("v") else m.start("v2")


def _role_verb_cut(unit: str, at: int) -> bool:
    """In a heading, cut the unit before a role verb ("Sở Y tế chủ trì, ...") but
    not inside a noun phrase built on one ("Cơ quan chủ trì giải quyết thủ tục")."""
    head, rest = unit[:at].strip(), unit[at:]
    if not re.match(r"(?:chủ trì|phối hợp|tham mưu|có trách nhiệm|chịu trách nhiệm)\b", rest):
        return False
    return len(head.split()) >= 2 and not re.search(r"(?i)(?:cơ quan|đơn vị|đối tượng|bộ phận|quan)$", head)


# a generic noun that a verb turns into a role ("Cơ quan tiếp nhận ...", "Người chủ trì soạn thảo ...")
_GENERIC_ROLE_RE = re.compile(r"(?i)^(?:các\s+)?(?:cơ quan|đơn vị|bộ phận|người|hội đồng|tổ chức|sở|ban|tổ|cá nhân|đối tượng)$")
_DUTY_VERB_RE = re.compile(r"(?:có trách nhiệm|chịu trách nhiệm|phải|cần)\b")
_ASSIGNED_WORDS_RE = re.compile(r"\bđược (?:giao|phân công|cấp)\b")
# ("Ban Chỉ đạo làm việc theo nguyên tắc tập trung, dân chủ ...", "Hội đồng hoạt động theo
# chế độ kiêm nhiệm": how a body works is a rule of its statute, not a duty)
_CLAUSE_WORD_RE = re.compile(r"\b(?:đã|đang|sẽ|(?<!nhất )(?<!đặc biệt )là|được|không|chưa|có kế hoạch|có chức năng|nếu|biết|"
                             r"làm việc theo|hoạt động theo)\b")


def _unit_ok(u: str) -> bool:
    """A subject read as a unit must name one: not a clause (no verb of state or
    time), not a generic "Các chương trình", not "Trường hợp ...", "Phòng ngừa ..."."""
    u = u.strip()
    if u.lower() in ("cơ quan", "đơn vị", "tổ chức", "cấp", "ban", "bộ", "sở", "phòng", "các"):
        return False  # "Cơ quan chủ trì soạn thảo ...": a role, the unit is not named
    if u.count("(") != u.count(")"):
        return False  # "Thủ tướng Chính phủ (để báo cáo)": read into a parenthesis
    # "Người được giao xử lý công việc", "Các cơ quan được phân công chủ trì": a doer named by its assignment
    bare = _drop_mandate(u)
    if "được" in bare:  # (_ASSIGNED_WORDS_RE needs it)
        bare = _ASSIGNED_WORDS_RE.sub("", bare)
    if _CLAUSE_WORD_RE.search(bare):
        return False
    if _GENERIC_HEAD_RE.match(u) and not _GENERIC_UNIT_RE.match(u):
        return False
    bo = _BO_SET_RE.match(u)
    if bo and bo.group("w").islower():
        return False
    return not _NOT_UNIT_START_RE.match(u)


# a time limit written between the unit and its verb: "trước ngày 15/11/2025",
# "chậm nhất ngày ...", "trong tháng 12/2025", "trong quý IV"
_TIME_TAIL_RE = re.compile(
    r"\s*,?\s+(?:trước|chậm nhất(?: là)?|trong|ngay trong)\s+(?:ngày|tháng|quý|năm|tuần)\b[^,;:]*$")


# "Sở Nội vụ (Cơ quan thường trực Ban ...)": the role is not the unit's name
_ROLE_PAREN_RE = re.compile(r"\s*\((?:cơ quan|thường trực|đầu mối|là)[^()]*\)$", re.I)
# "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the role is not the name either
_ROLE_DASH_RE = re.compile(r"\s+[-–]\s+(?:cơ quan|thường trực|đầu mối)\b.*$", re.I)
# "Giao đồng chí Bộ trưởng Bộ Xây dựng ...": the honorific of a Party or State
# conclusion is not part of the doer's title
_LEAD_WORD_RE = re.compile(r"^(?:cho|các đồng chí|đồng chí)\s+")
# "yêu cầu các bộ, ngành, nhất là ACV cần khẩn trương ...": the modal ends the doer
_NAMED_MANDATE_RE = re.compile(r"^(?P<u>\S+\s+[" + UPPER + r"][^,;]*?)\s+được (?:giao|phân công)\b")
_MODAL_TAIL_RE = re.compile(r"\s+(?:cần|phải|cần phải)$")
_MODAL_RE = re.compile(r"\s(?:cần|phải)\s")
_PUNCT = " ,;:.-–"


def _clean_unit(u: str) -> str:
    u = single_spaces(u).strip(_PUNCT)
    # "Bộ Nội vụ theo chức năng nhiệm vụ được giao" → "Bộ Nội vụ"
    u = _drop_mandate(u).strip(_PUNCT)
    if "(" in u:
        u = _ROLE_PAREN_RE.sub("", u).strip(_PUNCT)
    if " - " in u or " – " in u:
        u = _ROLE_DASH_RE.sub("", u).strip(_PUNCT)
    u = _LEAD_WORD_RE.sub("", u)
    if "được" in u:
        # "Sở Khoa học và Công nghệ được giao quản lý, vận hành Hệ thống ...": a named unit ends
        # before its mandate (a generic "Các cơ quan được phân công chủ trì ..." is named by it)
        m = _NAMED_MANDATE_RE.match(u)
        if m:
            u = m.group("u")
    if u.endswith(("cần", "phải")):
        u = _MODAL_TAIL_RE.sub("", u)
    # "Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trước ngày 15 tháng 11 năm 2025 trực
    # tiếp chỉ đạo ...": the time limit belongs to the duty, not to the unit's name
    if "trước " in u or "trong " in u or "chậm nhất" in u:
        u = _TIME_TAIL_RE.sub("", u).strip(_PUNCT)
    if " khi " in u or " nếu " in u:
        # "Các cơ quan khi lập kế hoạch số hoá cần đánh giá ...": the occasion is not the name
        u = _OCCASION_TAIL_RE.sub("", u).strip(_PUNCT)
    return u


_OCCASION_TAIL_RE = re.compile(r",?\s+(?:khi|nếu|sau khi|trước khi)\s+[^,;:]*$")


def _split_units(s: str) -> list[str]:
    """The units of a list ("Sở Tài chính, Sở Nội vụ và các cơ quan liên quan"); a part
    that starts with a capital but names no unit continues the name before it ("Sở Khoa học
    và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch", "Sở Nông nghiệp và Môi trường")."""
    s = re.split(r"\s+(?:để|nhằm|trong|tổ chức|triển khai|thực hiện|xây dựng|tham mưu)\s", s)[0]
    pieces = re.split(r"(\s*(?:,|;|\svà\s)\s*)", s)
    parts: list[str] = []
    for k in range(0, len(pieces), 2):
        part = pieces[k]
        if (parts and k and ";" not in pieces[k - 1] and part[:1].isupper() and not _UNIT_START_RE.match(part)
                and not part.isupper()):
            parts[-1] += pieces[k - 1] + part
        else:
            parts.append(part)
    return [_clean_unit(p) for p in parts if _clean_unit(p) and len(p) < 120]


def _unit_from(rest: str, whole_ok: bool = False) -> tuple[str | None, int]:
    """The unit at the start of ``rest`` (after "Giao"/"Đề nghị"): up to the first
    action verb; with ``whole_ok``, all of ``rest`` when no verb follows
    ("2. Giao Sở Nội vụ" heading a list of duties)."""
    m = _VERB_RE.search(rest)
    if not m and whole_ok:
        unit = _clean_unit(rest)
        if unit and len(unit) <= 300 and (unit[0].isupper() or unit.startswith(("các", "người", "cơ quan"))):
            return unit, len(rest)
        return None, 0
    if not m or _verb_at(m) == 0:
        return None, 0
    at = _verb_at(m)
    mm = _MODAL_RE.search(rest, 0, at)
    if mm is not None:
        # "Yêu cầu các đồng chí bí thư tỉnh uỷ, ... phải quán xuyến và trực tiếp chỉ đạo":
        # the modal ends the doer, whatever verb follows it
        at = mm.start()
    unit = _clean_unit(rest[:at])
    if not _unit_ok(unit):
        return None, 0
    # ("các đồng chí bí thư tỉnh uỷ ...": the honorific is stripped, the title is in lower case)
    if not unit or len(unit) > 300 or not (unit[0].isupper() or rest.startswith(("các đồng chí", "đồng chí"))
                                           or unit.startswith(("các", "cơ quan", "đơn vị", "người"))):
        return None, 0
    return unit, at


_SENTENCE_END_RE = re.compile(r"[.;]\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ])")
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_ROMAN_NUM_RE = re.compile(r"[IVX]+\.")
_POINT_RE = re.compile(r"[a-zđ]\)")
# "Sở Nội vụ là cơ quan thường trực / cơ quan đầu mối ...": a doer named with its role
_ROLE_IS_RE = re.compile(r"^(?P<u>" + _UNIT_HEAD + r"\b[^.;:]{0,120}?)\s+là\s+(?:[Cc]ơ quan|[Đđ]ơn vị|[Tt]hường trực)"
                         r"\s+(?:thường trực|đầu mối|chủ trì|giúp việc|tham mưu)\b")
# "Điều 5. Nhiệm vụ của Trưởng ban" then "4. Ủy quyền cho Phó Trưởng ban ... giải quyết ...":
# a delegation in the list of a doer is that doer's act, not a duty of the delegate
_DELEGATE_RE = re.compile(r"^(?:Ủy|Uỷ) quyền cho\s")


def _sentences(line: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    if "." not in line and ";" not in line:
        return [(0, line)]
    for m in _SENTENCE_END_RE.finditer(line):
        out.append((pos, line[pos:m.start() + 1]))
        pos = m.end()
    out.append((pos, line[pos:]))
    return out


# "X chịu trách nhiệm (toàn diện) (trước ...) về ...": whom X answers to, no act
_ANSWERABLE_RE = re.compile(r"\s*chịu trách nhiệm\s+(?:toàn diện\s+|hoàn toàn\s+)?(?:trước\b|về\b)")


def _later_responsibilities(lines, drafts: list[_Draft], articles: list[tuple[int, int]]) -> list[_Draft]:
    """In the clauses of an article that assign nothing themselves ("2. 0,3 lần quỹ lương cơ bản
    ... để chi thu nhập tăng thêm cuối năm ..."), a later sentence that names its doer with "có/chịu
    trách nhiệm" ("Thủ trưởng cơ quan, đơn vị có trách nhiệm cụ thể hóa phương án chi ...") is
    that doer's duty (NĐ 30/2020: a Quy định states duties so)."""
    starts = sorted(d.start for d in drafts)
    covered = sorted((d.start, d.end) for d in drafts)
    out: list[_Draft] = []
    for s, e, t, cell in lines:
        if "trách nhiệm" not in t or not any(a <= s < b for a, b in articles):
            continue
        i = bisect.bisect_right(starts, e) - 1
        if any(a < e and s < b for a, b in covered[max(0, i - 40):i + 1]):
            continue  # a duty is read on this line already
        for off, sent in _sentences(t)[1:]:
            sent_l = sent.lstrip()
            off += len(sent) - len(sent_l)
            if sent_l.rstrip().endswith(":") or _ANSWERABLE_RE.match(sent_l, _responsible(sent_l).end("u") + 1
                                                                      if _responsible(sent_l) else 0):
                continue  # the lead of a list (its items are read), or accountability, no act
            m = _responsible(sent_l)
            if m and _UNIT_START_RE.match(sent_l) and _unit_ok(m.group("u")):
                a0 = s + off
                out.append(_Draft(_clean_unit(m.group("u")), _coords(sent_l[m.end("u"):]), sent_l.strip(), a0,
                                  a0 + len(sent_l), "sentence", unit_start=a0))
    return out


def _first_sentence(s: str, limit: int = 400) -> str:
    m = re.search(r"(?<=[.;])\s+(?=[" + UPPER + r"])", s)
    s = s[: m.start()] if m else s
    return s[:limit].strip()


def _is_unit_heading(body: str, heads_list: bool = False) -> bool:
    """Does a numbered line name a unit ("1. Phòng Văn hóa - Xã hội", "2. Sở Y tế:")?

    ``heads_list``: the next line is an item of a list ("a)", "-"), so a short
    line without final punctuation heads it even if it holds a verb word
    ("3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án").
    """
    body = body.strip()
    if (body.endswith(":") and body[:1] in "ĐVR" and body.count(":") == 1 and _FOR_UNIT_RE.match(body)
            and not re.match(r"(?:Đối với|Về phía|Riêng)\s+(?:các\s+|những\s+)?trường hợp\b", body)):
        # "9.1. Đối với các cơ sở sản xuất có lưu lượng xả bụi lớn:" heads the duties of those named
        body = _FOR_UNIT_RE.sub("", body)
        body = body[:1].upper() + body[1:]
    if "(" in body:  # "(Sở Tài chính, Ban quản lý ...)"; the pattern starts with \s*: run it only then
        if re.search(r"\(\s*\d+\s*điểm\s*\)", body):
            return False  # "Cơ sở vật chất (20 điểm)", "Tổ chức bộ máy (10 điểm)": a criterion of a score sheet
        body = _PAREN_RE.sub("", body)
    if not _UNIT_START_RE.match(body) or _NOT_TASK_HEAD.match(body):
        return False
    # (the colon of a clock time, "trước 15:00 ngày thứ Sáu", ends no heading)
    cm = _COLON_RE.search(body)
    colon = cm is not None
    head = body[: cm.start()] if cm else body
    if not _unit_ok(head):
        return False  # "Các hoạt động chính", "Phòng ngừa ...": not a unit
    if len(head) > 150:
        return False
    if not colon and len(body) > 150:
        return False
    if not colon and body.endswith((".", ";")) and len(body) > 60:
        return False
    # a heading names a unit; a sentence starting with a unit has a verb early
    vm = _VERB_RE.search(head)
    if vm and not colon and not (heads_list and len(body) < 100 and not body.endswith((".", ";"))):
        return False
    return True


# what ends the name of a unit heading its duties: "Sở Tài chính có trách nhiệm:", "Sở Y tế
# chịu trách nhiệm thực hiện các nhiệm vụ sau:", "Ủy ban nhân dân các xã thực hiện:"
_HEADS_DUTIES_RE = re.compile(
    r"\s+(?:(?:có|chịu) trách nhiệm(?:\s+(?:chủ trì|thực hiện|triển khai))?|thực hiện|triển khai|(?:có|gồm) nhiệm vụ)"
    r"(?:\s+(?:các|những|một số))?(?:\s+(?:nhiệm vụ|nội dung|công việc)(?:\s+(?:chủ yếu|cụ thể|chính))?)?"
    r"(?:\s+(?:sau(?: đây)?|như sau|cụ thể(?: như sau)?))?\s*$")
_FOR_UNIT_RE = re.compile(r"^(?:Đối với|Về phía|Riêng)\s+(?=\S)")


def _plain_unit_heading(line: str) -> str | None:
    """The unit an unnumbered line ending in ":" names when it heads a list of duties
    ("Sở Nội vụ:", "Sở Tài chính có trách nhiệm:", "Đối với Ủy ban nhân dân các xã:",
    "Trách nhiệm của Sở Y tế:"), else None.  Only a name: a sentence that happens to end
    in ":" ("Sở Nội vụ đề nghị các đơn vị thực hiện như sau:") is read elsewhere."""
    head = line.rstrip(": ").strip("*_ ")
    rm = _RESPONSIBILITY_RE.match(head)
    if rm and rm.group("u"):
        head = rm.group("u")
    else:
        head = _FOR_UNIT_RE.sub("", head)
        head = _HEADS_DUTIES_RE.sub("", head)
    cap = head[:1].upper() + head[1:]  # "Đối với các sở, ngành:": "các sở, ngành" is checked as "Các sở, ngành"
    if (len(head) > 120 or "(" in head or not _UNIT_START_RE.match(cap) or _NOT_TASK_HEAD.match(head)
            or not _unit_ok(cap) or _VERB_RE.search(head) or _ASSIGN_RE.search(head) or _END_RE.search(head)):
        return None
    unit = _clean_unit(head)
    return unit or None


# a plural unit noun that a list of names completes: "Các Sở: Xây dựng, Nội vụ",
# "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai"
_PLURAL_END_RE = re.compile(
    r"(?i)\bcác\s+(?:sở|bộ|tỉnh|thành phố|xã|phường|huyện|quận|cơ quan|đơn vị|ban|ngành|địa phương)"
    r"(?:,\s*(?:sở|bộ|tỉnh|thành phố|xã|phường|ban|ngành|cơ quan|đơn vị))*\s*$")


_HOLDER_START_RE = re.compile(r"^(?:" + _UNIT_HEAD + r"|đồng chí|Đồng chí|ông|Ông|bà|Bà)\b")


# a quota of an emulation plan: "Xét tối đa 2 tập thể và 4 cá nhân.", "Không quá 05 cá nhân;"
_QUOTA_RE = re.compile(r"(?i)^(?:(?:xét|chọn|bình chọn)\s+)?(?:tối đa|không quá)\s+\d{1,3}\s+(?:tập thể|cá nhân|trường hợp)\b"
                       r"|^chỉ tiêu\b|^\d{1,3}\s+(?:tập thể|cá nhân)\b"
                       r"|^mỗi\s+\w+\s+(?:xét chọn|chọn|đề nghị)\s+(?:không quá\s+|tối đa\s+)?\d")


# the colon that separates a heading's label from its text: not the colon of a clock
# time ("15:00")
_COLON_RE = re.compile(r"(?<!\d):|:(?!\d)")
# a value, not a duty: "- Xăng E5RON92: 0 đồng/lít;", "- Dầu hỏa: không cao hơn 18.893
# đồng/lít;", "Mức thu: 20.000 đồng/người/lượt" (a rate, a price, a ceiling); and a cell
# saying there is none ("Không quy định")
_VALUE_RE = re.compile(
    r"(?i)^(?:(?:không cao hơn|không thấp hơn|không quá|tối đa|tối thiểu|mức|bằng|là)\s+)?"
    r"[+-]?\d[\d.,]*\s*(?:%|(?:nghìn |triệu |tỷ )?(?:đồng|USD|VNĐ|VND)\b|"
    r"(?:giờ|ngày|tháng|năm|lít|kg|tấn|m2|m3|ha|km|người|lượt)\b)?(?:\s*/\s*\w+){0,3}\s*[.;,]?$"
    r"|^(?:không quy định|không có|không áp dụng)\s*[.;]?$")


# The fields that describe each administrative procedure a Quyết định công bố thủ tục
# hành chính publishes in its annex (Nghị định 63/2010/NĐ-CP Điều 8, Thông tư
# 02/2017/TT-VPCP): "a) Trình tự thực hiện", "b) Cách thức thực hiện", "c) Thành phần, số
# lượng hồ sơ", "Thời hạn giải quyết", "Đối tượng thực hiện", "Kết quả thực hiện", "Phí,
# lệ phí", "Yêu cầu, điều kiện" as headings of their own lines
_PROCEDURE_FIELD_RE = re.compile(
    r"(?im)^[*_\s]*(?:(?:\d+(?:\.\d+)*\.?|[a-zđ]\)|[IVX]+\.|-)\s*)?[*_]*"
    r"(?P<f>Trình tự thực hiện|Cách thức thực hiện|Thành phần(?:, số lượng)? hồ sơ|Số lượng hồ sơ"
    r"|Thời hạn giải quyết|Đối tượng thực hiện|Kết quả (?:thực hiện|giải quyết)|Phí, lệ phí|Lệ phí"
    r"|Yêu cầu,? điều kiện|Cơ quan có thẩm quyền quyết định|Nơi tiếp nhận(?: và trả kết quả| hồ sơ))(?=[^\n]{0,80}$)")


# The opening articles of a legal document (Luật Ban hành văn bản quy phạm pháp luật; NĐ
# 30/2020): whom and what it covers and what its words mean, no duties ("Điều 2. Đối tượng
# áp dụng" then "Các chủ đầu tư dự án ... và các cơ quan, tổ chức, cá nhân có liên quan")
_SCOPE_ARTICLE_RE = re.compile(
    r"Điều\s+\d{1,3}\.?\s*(?:Phạm vi điều chỉnh|Đối tượng áp dụng|Giải thích từ ngữ|Phạm vi và đối tượng)"
    r"(?:(?: và|,) đối tượng áp dụng)?\s*\.?\s*$", re.M)


# an article's heading, not a citation a line break put first ("Điều 11 Nghị định số 186/2025/NĐ-CP ...")
_ARTICLE_HEAD_RE = re.compile(r"Điều\s+\d{1,3}[a-z]?(?:\.|\s*$|\s+(?!(?:Luật|Nghị|Thông|Quyết|Bộ|Hiến|Pháp)\b)[" + UPPER + r"])")
_ARTICLE_LINE_RE = re.compile(r"^(?:Điều\s+\d{1,3}\b(?!\s*,|\s+(?:Luật|Nghị|Thông|Quyết|của|khoản|điểm)\b)|Chương\s+[IVXLC\d]+\b|Mục\s+\d+\b|Nơi nhận)", re.M)


def _scope_articles(text: str) -> list[tuple[int, int]]:
    """The spans of the scope articles (:data:`_SCOPE_ARTICLE_RE`), each up to the next
    article, chapter or the Nơi nhận."""
    out = []
    for m in _SCOPE_ARTICLE_RE.finditer(text):
        nxt = _ARTICLE_LINE_RE.search(text, m.end())
        out.append((m.start(), nxt.start() if nxt else len(text)))
    return out


_FOOTNOTE_RE = re.compile(r"\[\d{1,3}\]\s")


def _footnotes(doc: Text) -> list[tuple[int, int]]:
    """The spans of the footnotes after the Nơi nhận ("[2] Có 786 TTHC ... Cụ thể:" and the
    lines that go on with it, up to a title in capitals): they explain, they assign nothing."""
    text = doc.text
    nn = text.find("\nNơi nhận")
    if nn < 0:
        return []
    out: list[tuple[int, int]] = []
    start = None
    for ln in doc.lines:
        if ln.start < nn:
            continue
        t = text[ln.start:ln.end]
        if _FOOTNOTE_RE.match(t):
            if start is None:
                start = ln.start
        elif start is not None and (t.isupper() and len(t) > 3):
            out.append((start, ln.start))  # "PHỤ LỤC", "KẾ HOẠCH": an attached text begins
            start = None
    if start is not None:
        out.append((start, len(text)))
    return out


def _procedures_start(text: str) -> int | None:
    """Where the description of administrative procedures begins: the first of their
    field headings, when at least three kinds of them stand in the document.  What
    follows describes how a citizen's file is handled ("Bước 1: Tổ chức, cá nhân nộp hồ
    sơ ...", "Phòng hát phải có diện tích ..."), not duties the document assigns."""
    # (the regex is tried at every line start: first the words at least one of the three
    # kinds holds, "Trình tự", "Cách thức", "Thành phần", in any case)
    if "hồ sơ" not in text and "HỒ SƠ" not in text:
        return None
    if not any(w in text for w in ("rình tự", "RÌNH TỰ", "ách thức", "ÁCH THỨC", "hành phần", "HÀNH PHẦN")):
        return None
    first, kinds = None, set()
    for m in _PROCEDURE_FIELD_RE.finditer(text):
        kinds.add(m.group("f").lower().replace("phí, lệ phí", "lệ phí")[:9])
        if first is None:
            first = m.start()
    return first if len(kinds) >= 3 else None


# accountability for what may go wrong, not a duty: "Cán bộ ... chịu trách nhiệm trực tiếp nếu
# để xảy ra sự cố sạt lở ...", "phải chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh nếu để
# xảy ra tình trạng ..."
_ACCOUNTABLE_IF_RE = re.compile(r"(?i)^(?:phải\s+)?chịu trách nhiệm\b[^.;:]{0,80}?\b(?:nếu|khi)\s+để\s+(?:xảy ra|xẩy ra)")


def _is_figures(action: str) -> bool:
    """No duty's words: punctuation only, or a name and a row of figures (a table of
    statistics read cell by cell: "Bộ Tư pháp 19 07 12 12 12 0")."""
    words = action.split()
    named = sum(1 for w in words if any(c.isalpha() for c in w))
    if named < 2 or (len(words) - named >= 3 and len(words) - named >= named):
        return True
    # a name alone in its cell: "Bộ Tư pháp" (no verb, no end of a sentence)
    return (len(words) <= 6 and not action.endswith((".", ";", ":")) and _UNIT_START_RE.match(action) is not None
            and _VERB_RE.search(action) is None and _LEADING_VERB_RE.match(action) is None)  # ("Ban hành ...")


def _is_quota(action: str) -> bool:
    """A quota, a value or "none", stated where a duty would be: no duty."""
    a = action.strip()
    if _is_figures(a):
        return True
    if _ACCOUNTABLE_IF_RE.match(a):
        return True
    if _QUOTA_RE.match(a) or _VALUE_RE.match(a):
        return True
    if ":" in a:
        after = a.split(":", 1)[1].strip()
        return bool(_QUOTA_RE.match(after) or _VALUE_RE.match(after))
    return False


def _is_designation(after: str) -> bool:
    """Is the text after a heading's ":" only who holds a role, with no duty
    ("Sở Quy hoạch - Kiến trúc Hà Nội;", "đồng chí Phó Chủ tịch UBND tỉnh."), or a
    quota ("Xét tối đa 2 tập thể và 4 cá nhân.")?"""
    after = after.strip()
    if _QUOTA_RE.match(after):
        return True
    return (bool(after) and len(after) < 200 and _HOLDER_START_RE.match(after) is not None
            and _VERB_RE.search(after) is None)


# an intro over a list ("... thực hiện các nội dung sau"), and a unit named by its proper name
_LIST_INTRO_END_RE = re.compile(r"(?:sau|như sau|dưới đây|bao gồm|gồm|cụ thể)\s*$")
_NAMED_RE = re.compile(r"^(?:\S+\s+[" + UPPER + r"]|[" + UPPER + r"]{2,}\s)")  # "Sở Y tế", "UBND cấp xã"


_NAMES_ONLY_RE = re.compile(r"\s*[" + UPPER + r"][^,;:.()]{0,40}(?:\s*(?:,|\bvà\b)\s*[" + UPPER + r"][^,;:.()]{0,40})+\s*[.;:]?\s*$")


def _heading_cut(body: str) -> int:
    """Where the unit of a unit heading ends and its duty begins: after the first
    ":" outside parentheses ("1. Sở Y tế (cơ quan thường trực: ...): chủ trì ..."),
    or after the list of names a plural unit noun introduces ("2. Các Bộ: Công an,
    Tài chính, Xây dựng chủ trì ..." cuts before "chủ trì"); the whole body if none."""
    depth = 0
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0 and not (0 < i < len(body) - 1 and body[i - 1].isdigit() and body[i + 1].isdigit()):
            if _PLURAL_END_RE.search(body[:i]) and _NAMES_ONLY_RE.match(body[i + 1:]):
                # "1. Các Sở: Xây dựng, Tài chính, Nội vụ." ("Xây dựng" is a name here, not the verb)
                return len(body)
            rest = body[i + 1:].strip()
            if _PLURAL_END_RE.search(body[:i]) and (not _LEADING_VERB_RE.match(rest)
                                                    # "Bộ trưởng các Bộ: Xây dựng, Công Thương, ...": Bộ Xây dựng
                                                    or re.match(r"Xây dựng\s*(?:,|và\b)", rest)):
                # ("3. UBND các xã, phường: Phối hợp với Sở ...": a duty, not a list of names)
                after = body[i + 1:]
                vm = _VERB_RE.search(after)
                k = _verb_at(vm) if vm else len(after)
                names = after[:k].strip()
                if names and names[0].isupper():
                    return i + 1 + k
            return i + 1
    return len(body)


@lru_cache(maxsize=1024)  # a few dozen distinct numbers, asked for about once per line
def _level(num: str) -> tuple[int, int]:
    num = num.strip()
    if _ROMAN_NUM_RE.match(num):
        return (0, 0)
    if num.startswith("Điều"):
        return (0, 1)  # an article: under a chapter, above its numbered clauses
    if _POINT_RE.match(num):
        return (9, 0)
    return (1, num.rstrip(".").count(".") + 1)


# A lead-in that asks for a report or a list of things and names them below: "... tổng hợp
# báo cáo cụ thể về một số nội dung sau:", "... gửi hồ sơ gồm:" then "(1) Số hộ dân có nhà bị
# sập ...", "- Danh sách ...": the items are what the report holds (sub-items of the one
# duty), not duties of their own
_CONTENTS_LEAD_RE = re.compile(
    r"(?:báo cáo|thống kê|tổng hợp|cung cấp|kê khai|gửi|nộp)\b[^:]{0,160}?\b(?:nội dung|thông tin|số liệu|chỉ tiêu|"
    r"tài liệu|hồ sơ)\b[^:]{0,40}:\s*$|\b(?:gồm|bao gồm)(?: các| những)?(?: nội dung| thông tin| tài liệu)?(?: sau(?: đây)?)?:\s*$")


def _lists_contents(lead: str, lines: list, idx: int) -> int | None:
    """The end of the items under ``lead`` (the line at ``idx``) when they are the contents
    a report or a file must hold (:data:`_CONTENTS_LEAD_RE`, and the first item is no act:
    "Số hộ dân ...", not "Rà soát ..."), else None."""
    if not _CONTENTS_LEAD_RE.search(lead) or idx + 1 >= len(lines):
        return None
    first = _BULLET_RE.match(lines[idx + 1][2]) or _HEADING_RE.match(lines[idx + 1][2])
    if first is None or _LEADING_VERB_RE.match(first.group("body")) or _subject(first.group("body")):
        return None
    end = None
    for s, e, t, _cell in lines[idx + 1:]:
        if not (_BULLET_RE.match(t) or (_HEADING_RE.match(t) and _POINT_RE.match(t))):
            break
        end = e
    return end


_MEMBERS_RE = re.compile(r"^(?:Các|các)\s+(?P<noun>Bộ|bộ|Sở|sở|Ban|ban|tỉnh|thành phố|Cục)\s*:\s*(?P<names>.+)$")


def _members_share(unit: str, lead: str, lines: list, idx: int) -> int | None:
    """The index of the last item under ``lead`` when they share its duty among the units its doer
    lists ("b) Các Bộ: Tài chính, Y tế, Tư pháp khẩn trương khắc phục ..., cụ thể:" then "(1) Bộ
    Tài chính giải quyết ...", "(2) Bộ Y tế hoàn thành ..."): the items are the parts of that one
    duty (sub-items stay inside it), else None."""
    mm = _MEMBERS_RE.match(unit)
    if mm is None or not _VERB_RE.search(lead) or idx + 1 >= len(lines):
        return None
    noun = mm.group("noun").capitalize()
    names = [n.strip() for n in re.split(r",|\bvà\b", mm.group("names")) if n.strip()]
    last = None
    for k in range(idx + 1, len(lines)):
        im = _BULLET_RE.match(lines[k][2]) or _HEADING_RE.match(lines[k][2])
        if im is None or not any(im.group("body").startswith(f"{noun} {n}") for n in names):
            break
        last = k
    return last


# an item that names its doer before a colon, then its duties in lower case
_ITEM_DOER_RE = re.compile(r"^(?P<r>(?:Trách nhiệm|Nhiệm vụ)(?: cụ thể)? của\s+)?(?P<u>[^:;.]{3,120}?)\s*:\s+(?P<d>\w)")


def _unquoted(s: int, e: int, t: str, cell):
    """A line without the quotes around an amended clause ("“a) ...", "...;”", "....”.")."""
    if t.startswith("“"):
        s, t = s + 1, t[1:]
    m = re.search(r"”(?=[.;,]?\s*$)", t)
    if m:
        e, t = s + m.start(), t[: m.start()]
    return s, e, t, cell


# a provision of another document quoted as the ground of an answer or a ruling:
# "Căn cứ khoản 2 Điều 49 Luật Quản lý thuế số 38/2019/QH14 ..., quy định:" then
# "“Điều 49. ..." up to the line that closes the quote.  The duties in it are that
# document's, not this one's.  (The new text of an amended clause, "được sửa đổi,
# bổ sung như sau: “...”", is this document's own: not matched.)
_CITING_LEAD_RE = re.compile(r"(?:[-+•]\s*)?(?:Căn cứ|Tại|Theo)\b(?!.*\b(?:sửa đổi|bổ sung|thay thế|bãi bỏ)\b).*:$")
_QUOTE_CLOSE_RE = re.compile(r"”\W*$")


# the acts that are powers when they are the predicate of an article's clause ("Sở Tài
# chính phê duyệt phương án ..."; an item "- Phê duyệt quy trình ..." in a list of a
# doer's duties stays a duty: only the first two are read so there)
_POWERS = ("quyết định", "ra quyết định", "phê duyệt")
# a doer's permission: "có thể ...", "được phép ...", "được <verb> ..." (not "được giao ...",
# "được phân công ...": those name the doer of an assignment)
_PERMISSION_RE = re.compile(r"(?:có thể|được phép|được quyền|được (?!giao\b|phân công|ủy quyền|cử\b|yêu cầu|đề nghị|"
                            r"mời\b|huy động|lựa chọn|chỉ định|bố trí|thành lập|ban hành|cấp\b)\w)")


def _predicate(d: _Draft) -> str | None:
    """What follows the doer's name in the draft's text, when the text names it."""
    at = d.action.find(d.unit)
    return d.action[at + len(d.unit):].lstrip() if at >= 0 else None


# The enacting formula before the first article of a legal document (Luật Ban hành VBQPPL 2025):
# "Ủy ban nhân dân ban hành Quyết định phân cấp thẩm quyền ...", "Bộ trưởng Bộ Tài chính ban hành
# Thông tư ...": the line says what the document is, it assigns nothing.
_ENACTING_LINE_RE = re.compile(
    r"[^\n.;:]{2,160}?\sban hành (?:Nghị quyết|Quyết định|Thông tư(?: liên tịch)?|Nghị định|Chỉ thị|Quy chế|Quy định)\b")


def _enacting_line(text: str, pos: int) -> bool:
    """Is the line at ``pos`` the enacting formula (see _ENACTING_LINE_RE)?"""
    start = text.rfind("\n", 0, pos) + 1
    return _ENACTING_LINE_RE.match(text, start) is not None


# The title of an article or clause that grants competences ("Điều 3. Phân cấp thẩm quyền ban
# hành tiêu chuẩn ...", "2. Thẩm quyền quyết định ...", "Điều 2. Nội dung phân cấp"): its items
# say who may decide, a power
# (ANNOTATE.md), unless an item is written as a duty ("X có trách nhiệm ..."). A title that also
# names duties ("Thẩm quyền và trách nhiệm ...") or lists other topics ("Điều 9. Thẩm quyền,
# trình tự, thời gian đánh giá") is not one.
_COMPETENCE_TITLE_RE = re.compile(
    r"^(?P<num>Điều\s+\d{1,3}[a-z]?\.|[IVX]{1,4}\.|\d{1,2}\.|[a-zđ]\))\s*(?:Nội dung\s+)?(?:[Pp]hân cấp|[Pp]hân quyền|Thẩm quyền)\b"
    r"(?!\s*(?:,|và\b))(?![^\n]*\b(?:trách nhiệm|nhiệm vụ)\b)[^\n]{0,250}$")
# The title of an article that sets criteria or conditions ("Điều 3. Tiêu chí sử dụng sản phẩm
# chip bán dẫn ...", "Điều 4. Điều kiện được hỗ trợ"): its items say what must be met
# ("Doanh nghiệp phải có bộ phận nghiên cứu ..."), not what anyone must do, unless written
# as a responsibility. ("Điều kiện bảo đảm thực hiện" is the means of a plan, not one.)
_CRITERIA_TITLE_RE = re.compile(
    r"^(?:(?P<num>Điều\s+\d{1,3}[a-z]?\.)\s*(?:Tiêu chí|Tiêu chuẩn|Điều kiện(?=\s*$|\s+(?:được|để|hưởng|áp dụng|"
    r"cấp|công nhận|xét|tham gia|đối với|của|về|hoạt động|kinh doanh|thành lập)\b))"
    # a section of a plan or an emulation drive: "2. Tiêu chí thi đua", "III. TIÊU CHUẨN KHEN THƯỞNG"
    r"|(?P<num2>[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2}){0,2}\.?|[a-zđ]\))\s*(?:Tiêu chí|Tiêu chuẩn|TIÊU CHÍ|TIÊU CHUẨN)\b)"
    r"(?![^\n]*\b(?:trách nhiệm|nhiệm vụ)\b)[^\n]{0,250}$")
_RESPONSIBILITY_PREDICATE_RE = re.compile(r"(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ)\b")
_DUTY_PREDICATE_RE = re.compile(r"(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|phải|chủ trì|phối hợp)\b")
# an item that assigns in so many words ("đ) Giao Bộ trưởng Bộ Nội vụ ...") is a duty wherever it
# stands ("a) Giao tài sản bằng hiện vật ..." hands over assets: a power in a competence article)
_ASSIGNING_ITEM_RE = re.compile(r"(?:\d{1,2}\.|[a-zđ]\)|[-+•])?\s*(?:Giao|Đề nghị|Yêu cầu|Phân công)\s+(?:cho\s+)?"
                                r"(?=(?:các\s+|Các\s+)?" + _UNIT_HEAD + r"\b)")


# "X phân công Y" inside a doer read from "X phân công Y chịu trách nhiệm ...": Y is the doer
_ASSIGNS_WITHIN_RE = re.compile(r"^[" + UPPER + r"][^,;:]{2,80}?(?<!được)\s+phân công\s+(?:cho\s+)?(?P<y>\S.{2,120})$")


def _assigned_item(text: str, d: _Draft) -> bool:
    """Does the draft's line assign in so many words: "đ) Giao Bộ trưởng Bộ Nội vụ ...", "a) Trên cơ
    sở kết quả ..., giao Sở Y tế thành lập đoàn ..."?"""
    start = text.rfind("\n", 0, d.start) + 1
    if _ASSIGNING_ITEM_RE.match(text, start):
        return True
    line = text[start:text.find("\n", d.start) if "\n" in text[d.start:] else len(text)]
    return bool(d.unit) and re.search(r"\b(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công)\s+(?:cho\s+)?" + re.escape(d.unit), line) is not None


def _heading_level(num: str) -> int:
    """0 for an article or a Roman-numbered part, 1 for "1.", 2 for "a)"."""
    if num.startswith("Điều") or num[0] in "IVX":
        return 0
    return 1 if num[0].isdigit() else 2


def _competence_spans(lines, title_re: re.Pattern[str] = _COMPETENCE_TITLE_RE) -> list[tuple[int, int]]:
    """The spans of the articles and clauses that grant competences (see _COMPETENCE_TITLE_RE),
    or of another kind of title, each up to the next heading of its level or above."""
    spans = []
    for i, (s, _e, t, _cell) in enumerate(lines):
        m = title_re.match(t) if t[:1] in "ĐIVX0123456789abcdefghiklmnopqrstuvxyđ" else None
        if not m:
            continue
        level = _heading_level(m["num"] or m["num2"])
        end = lines[-1][1]
        for s2, _e2, t2, _c2 in lines[i + 1:]:
            h = _HEADING_RE.match(t2)
            if h and h["num"].startswith("Điều") and not _ARTICLE_HEAD_RE.match(t2):
                h = None  # "Điều 56, Điều 57, điểm b khoản 2 Điều 58 ...": a citation a line break put first
            if (h and _heading_level(h["num"]) <= level) or _CLOSING_RE.match(t2) or _DIVISION_RE.match(t2):
                end = s2
                break
        spans.append((s, end))
    return spans


# A lead that lists acts a penalty punishes or a law forbids ("Các hành vi vi phạm ... thì bị xử
# phạt ... như:", "Nghiêm cấm các hành vi sau:"): the items after it are violations, no duties
_VIOLATIONS_LEAD_RE = re.compile(
    r"(?i)(?:\b(?:các|những|một trong các)\s+hành vi\b|\bnghiêm cấm\b|\bbị cấm\b|\bxử phạt\b)[^\n]*:\s*$")
# A lead that announces the criteria or conditions something must meet ("Theo đó tiêu chí doanh
# nghiệp ... được hưởng ưu đãi ... như sau:", "..., doanh nghiệp phải đáp ứng đồng thời hai nội
# dung sau:", "Điều kiện được hỗ trợ gồm:"): the items after it are conditions, no duties
_CRITERIA_LEAD_RE = re.compile(
    r"(?i)(?:\b(?:tiêu chí|điều kiện|tiêu chuẩn)\b[^\n]*\b(?:như sau|sau đây|sau|gồm|bao gồm|là)"
    r"|\bđáp ứng\b[^\n]*\b(?:sau|sau đây|như sau))\s*:\s*$")
# a line that goes on with the item above it ("Đối với doanh nghiệp nhỏ và vừa ... nhưng phải có ...")
_ITEM_GOES_ON_RE = re.compile(r"(?:Đối với|Trong đó|Trường hợp|Riêng)\b")
_PUNISHED_RE = re.compile(r"(?i)\bbị (?:xử phạt|xử lý|nghiêm cấm|cấm)\b|^Nghiêm cấm\b")
# contact details ("Khu vực ...: điện thoại số (028)38.295.900, địa chỉ: số 159 Pasteur ..."): no duty
_CONTACT_RE = re.compile(r"(?i)\bđiện thoại(?:\s+số)?\s*:?\s*\(?\d[\d.\s()]{6,}")


def _violation_lists(lines) -> list[tuple[int, int]]:
    """The spans of the items after a lead of :data:`_VIOLATIONS_LEAD_RE` or of
    :data:`_CRITERIA_LEAD_RE` (up to the first line that is no list item), with the lead when it only says they are punished (:data:`_PUNISHED_RE`)."""
    spans = []
    for i, (s, e, t, _cell) in enumerate(lines):
        if not t.endswith(":"):
            continue
        criteria = False
        if not _VIOLATIONS_LEAD_RE.search(t):
            if not _CRITERIA_LEAD_RE.search(t):
                continue
            criteria = True
        end = e
        for _s2, e2, t2, _c2 in lines[i + 1:]:
            if not (_BULLET_RE.match(t2) or (criteria and end > e and _ITEM_GOES_ON_RE.match(t2))):
                break
            end = e2
        if end > e:
            # the lead is no duty either when it only says the acts are punished or banned
            spans.append((s if _PUNISHED_RE.search(t) else e, end))
    return spans


def _permission(d: _Draft) -> bool:
    """Is the draft a permission of its doer (see _PERMISSION_RE)?"""
    if d.unit.endswith(" có thể"):
        return True
    rest = _predicate(d)
    return rest is not None and _PERMISSION_RE.match(rest) is not None


def _cited_quotes(text: str, lines) -> list[tuple[int, int]]:
    """The spans of quoted provisions of other documents (see _CITING_LEAD_RE)."""
    spans = []
    i = 0
    while i < len(lines) - 1:
        s, e = lines[i].start, lines[i].end
        nxt = text[lines[i + 1].start:lines[i + 1].end]
        if nxt.startswith("“") and _CITING_LEAD_RE.match(text, s, e) and text[e - 1] == ":":
            for j in range(i + 1, min(len(lines), i + 81)):
                if _QUOTE_CLOSE_RE.search(text, lines[j].start, lines[j].end):
                    spans.append((lines[i + 1].start, lines[j].end))
                    i = j
                    break
        i += 1
    return spans


def extract_tasks(doc: Text, deadlines: list[Deadline] | None = None,
                  addressees: list[str] | None = None) -> list[Task]:
    """The task list, in document order."""
    text = doc.text
    lines = [(ln.start, ln.end, text[ln.start:ln.end], ln.cell) for ln in doc.lines]
    if "“" in text:
        # the new text of an amended clause stands in quotes: "“3. Nhiệm vụ và quyền hạn
        # của Trưởng Ban Chỉ đạo" then "a) Chỉ đạo Cuộc thi; ...;”": read without them
        lines = [_unquoted(*x) if x[2].startswith("“") or "”" in x[2][-3:] else x for x in lines]
    drafts: list[_Draft] = []
    drafts += _table_tasks(doc)
    table_ranges = sorted((d.start, d.end) for d in drafts)
    range_starts = [a for a, _ in table_ranges]
    reach = list(itertools.accumulate((b for _, b in table_ranges), max))  # furthest end so far

    def in_table(pos: int) -> bool:
        i = bisect.bisect_right(range_starts, pos) - 1
        return i >= 0 and pos < reach[i]

    doer = _document_doer(text)
    sec: _Section | None = None
    last_duty: tuple[int, int, str] | None = None
    block: list[_Draft] = []
    pending: list[tuple[int, int, str]] = []  # duties waiting for their "chủ trì" label
    collecting = False
    in_cc = False  # inside the Nơi nhận list: its items are recipients, not duties
    articles: list[tuple[int, int]] = []  # the spans of "Điều N." articles (a Quy chế, a Quy định)
    art_start: int | None = None
    read_up_to = -1  # the lines a heading has already taken in (its names, the items inside its duty)
    for idx, (s, e, t, cell) in enumerate(lines):
        if idx <= read_up_to:
            continue
        if t.startswith("Điều") and art_start is None and _HEADING_RE.match(t):
            art_start = s
        # (each pattern below is tried only where its first letter or its ":" can be:
        # most lines are plain duties, and the tries were a fifth of the task scan)
        colon = ":" in t
        if t[:1] in "NnTtKk" and _CLOSING_RE.match(t):
            if art_start is not None:
                articles.append((art_start, s))
                art_start = None
            sec = None
            in_cc = t.startswith("Nơi nhận")
            continue
        if t[:1] in "CPMcpm" and _DIVISION_RE.match(t):
            sec = None  # "Chương III", "Phần II. TỔ CHỨC THỰC HIỆN": a division of the text closes every list
            continue
        if t[:1] in "ĐK" and _ADDRESSEES_RE.match(t):
            sec, in_cc = None, True  # "Kính gửi:" and its list of addressees
            continue
        if in_cc:
            # its items: bullets, or short lines that are neither a heading nor a title in
            # capitals (an attached plan may follow: "KẾ HOẠCH", "1. Sở Y tế")
            if _BULLET_RE.match(t) or (len(t) < 60 and not _HEADING_RE.match(t) and not t.isupper()):
                continue
            if len(t) < 200 and _PURPOSE_END_RE.search(t) and not _HEADING_RE.match(t):
                continue  # "Bí thư Tỉnh ủy, Thành ủy các tỉnh, thành phố để lãnh đạo, chỉ đạo."
            in_cc = False
        if in_table(s):
            continue
        # (c) labelled blocks: a duty (or "Nhiệm vụ:" and its bullets), then
        # "- Cơ quan chủ trì: X", "- Cơ quan phối hợp: Y", "- Thời gian thực hiện: Z"
        dm = _DUTY_LABEL_RE.match(t) if colon else None
        if dm:
            duty = dm.group("d").strip()
            pending = [(s + dm.start("d"), e, duty)] if duty else []
            collecting = not duty
            block = []
            continue
        if colon and _LABEL_ONLY_RE.match(t):  # "b) Cơ quan thực hiện:"
            collecting = False
            continue
        lm = _LABEL_LEAD_RE.match(t) if colon else None
        if lm and (pending or last_duty is not None):
            value = lm.group("u")
            # "Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với các sở, ngành"
            u, k = _unit_from(value)
            unit = u or _clean_unit(value)
            coord = _coords(value[k:]) if u else []
            duties = pending or [last_duty]
            block = [_Draft(unit, list(coord), d_text, d_start, e, "block", unit_start=s + lm.start("u"))
                     for d_start, _, d_text in duties]
            drafts.extend(block)
            pending, collecting = [], False
            continue
        cm = _LABEL_COORD_RE.match(t) if colon and block else None
        if cm:
            for b in block:
                b.coordinating = _split_units(cm.group("u"))
                b.end = e
            continue
        if block and colon and _LABEL_OTHER_RE.match(t):
            pm = _PRODUCT_RE.match(t)
            for b in block:
                if pm:
                    b.product = pm.group("p").strip()
                b.end = e
            continue
        if collecting:
            bm0 = _BULLET_RE.match(t)
            if bm0:
                pending.append((s + bm0.start("body"), e, bm0.group("body")))
                continue
            collecting = False
        block = []
        hm = _HEADING_RE.match(t)
        if (hm is None and colon and t.endswith(":") and idx + 1 < len(lines) and len(t) < 160
                and (nxt := lines[idx + 1][2]) and (_BULLET_RE.match(nxt) or _POINT_RE.match(nxt))):
            um = _plain_unit_heading(t)
            item = (_BULLET_RE.match(nxt) or _HEADING_RE.match(nxt)).group("body").rstrip(".;, ")
            if um is not None and not _is_figures(item):
                # (a list of names under it, "Các sở, ngành liên quan:" then "- Sở Y tế.", assigns nothing)
                # "Sở Nội vụ:", "Sở Tài chính có trách nhiệm:" on a line of its own, no number,
                # then its bullets: a unit's section like "1. Sở Nội vụ:"
                sec = _Section(um, (1, 99), s, "unit")
                last_duty = (s, e, t)
                continue
        if (hm is not None and t[:4] == "Điều" and t.endswith(":") and idx + 1 < len(lines)
                and (_HEADING_RE.match(lines[idx + 1][2]) or _BULLET_RE.match(lines[idx + 1][2]))):
            um = _plain_unit_heading(hm.group("body"))
            if um is not None:
                # "Điều 3. Giám đốc Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi:" then "1. Chịu
                # trách nhiệm ...", "2. Tham mưu ...": an article that is a doer's name heads its duties
                sec = _Section(um, _level(hm.group("num")), s + hm.start("body"), "unit")
                last_duty = (s, e, t)
                continue
        # (a) a numbered unit heading opens a section
        lab = _ASSIGN_LABEL_RE.match(hm.group("body")) if hm else None
        if lab and _unit_ok(lab.group("u")):
            # "6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh": the duties follow
            sec = _Section(_clean_unit(lab.group("u")), _level(hm.group("num")), s + hm.start("body") + lab.start("u"), "unit")
            continue
        if hm and _RESPONSIBILITY_RE.match(hm.group("body")):
            rm = _RESPONSIBILITY_RE.match(hm.group("body"))
            g = "u" if rm.group("u") else "u2"
            unit = _clean_unit(rm.group(g))
            if (t.endswith(":") and idx + 1 < len(lines) and _PLURAL_END_RE.search(unit)
                    and _NAMES_ONLY_RE.match(lines[idx + 1][2])):
                # "2. Trách nhiệm của các Sở:" then "Xây dựng, Tài chính, Nội vụ.": the names
                read_up_to = idx + 1
                unit = unit + ": " + lines[idx + 1][2].strip().rstrip(".;:")
            sec = _Section(unit, _level(hm.group("num")), s + hm.start("body") + rm.start(g), "unit")
            last_duty = (s, e, hm.group("body"))
            continue
        # (the next line is looked at only under a heading: most lines are none)
        if hm and not hm.group("num").startswith("Điều") and _is_unit_heading(
                hm.group("body"), next_is_item := idx + 1 < len(lines) and bool(
                    _BULLET_RE.match(lines[idx + 1][2]) or _POINT_RE.match(lines[idx + 1][2]))):
            # (an article's title names its topic, "Điều 13. Cơ quan, tổ chức nộp hồ sơ ...";
            # its doer is named by "Điều 9. Trách nhiệm của Sở Tài chính", read above)
            body = hm.group("body")
            nh = _HEADING_RE.match(lines[idx + 1][2]) if idx + 1 < len(lines) else None
            if (_END_RE.search(body) and ":" not in body and nh is not None
                    and _level(nh.group("num")) == _level(hm.group("num"))):
                # "a) Cơ quan, tổ chức, cá nhân tạo ra tài liệu." then "b) ...": an item of a
                # list of whom a rule applies to, not a heading (nothing stands under it)
                sec = None
                continue
            cut = _heading_cut(body)
            head, after = body[:cut].rstrip(":"), body[cut:]
            if head[:1] in "ĐVR" and body.count(":") == 1 and _FOR_UNIT_RE.match(head):
                head = _FOR_UNIT_RE.sub("", head)
            vm = _VERB_RE.search(head) if not after.strip() and _LIST_INTRO_END_RE.search(head) else None
            if vm and _verb_at(vm) > 3 and "(" not in head[:_verb_at(vm)] and _NAMED_RE.match(head[:_verb_at(vm)]):
                # "1. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Biển đảo và Thủy sản thực hiện
                # các nội dung sau:": the unit that leads the items is the subject of the intro
                head = head[:_verb_at(vm)]
            if _is_designation(after):
                # "b) Cơ quan thẩm định: Sở Quy hoạch - Kiến trúc Hà Nội;", "a) Trưởng ban:
                # đồng chí Chủ tịch ...": a role and who holds it, no duty
                sec = None
                continue
            sec = _Section(_clean_unit(head), _level(hm.group("num")), s + hm.start("body"), "unit")
            # (a duty text ending in ":" over a list of items is its lead-in: "1. Bí thư, Chủ tịch
            # UBND các tỉnh: ... tiếp tục tập trung chỉ đạo ..., trong đó:" then "a) ...": the items are the duties)
            contents_end = _lists_contents(after, lines, idx) if next_is_item and after.rstrip().endswith(":") else None
            shared = (_members_share(sec.unit, after, lines, idx)
                      if contents_end is None and next_is_item and after.rstrip().endswith(":") else None)
            if shared is not None:
                # the items share this one duty among the units it names: they stay inside it
                a0 = s + hm.start("body") + cut
                drafts.append(_Draft(sec.unit, _coords(after), after.strip(), a0, lines[shared][1], "section",
                                     unit_start=sec.unit_start))
                read_up_to = shared
                sec.seen = True
                last_duty = (s, e, body)
                continue
            if after.strip() and len(after.strip()) > 10 and (
                    contents_end is not None or not (after.rstrip().endswith(":") and next_is_item)):
                a0 = s + hm.start("body") + cut
                drafts.append(_Draft(sec.unit, _coords(after), after.strip(), a0, contents_end or e, "section",
                                     unit_start=sec.unit_start))
                drafts.extend(_later_doers(after, a0, e, sec.unit, clauses=True))
                if contents_end is not None:
                    sec.kind, sec.last = "contents", drafts[-1]
                sec.seen = True
            last_duty = (s, e, body)
            continue
        # "Điều 5. Cơ quan lập, thẩm định, phê duyệt": an article's title names its topic, not
        # a duty of a doer ("Điều 12. Đề nghị Ủy ban Mặt trận ..." is read as a request below)
        title = (hm is not None and hm.group("num").startswith("Điều") and len(hm.group("body")) < 120
                 and not _END_RE.search(hm.group("body")) and not hm.group("body").rstrip().endswith(":"))
        if hm and not title and (sec is None or sec.kind == "unit"):
            # "3. Bộ trưởng Bộ Tài chính ... tập trung chỉ đạo ...": a numbered duty
            # naming its own doer; ending with ":" it heads the duties listed under it
            body = hm.group("body")
            um = _subject(body)
            if um and um.group(0).startswith("Để ") and _assignment(body) is not None:
                um = None  # "Để ..., yêu cầu Bộ Y tế ...": the assignment names the doer, read in (b)
            elif (um and (am0 := _assignment(body)) is not None and 3 < am0.start() < um.end("u") + 14
                  and body[am0.start()].islower() and _unit_from(am0.group("rest"))[0]):
                # "Hội đồng nhân dân Thành phố thống nhất giao Ủy ban nhân dân Thành phố bố trí ...":
                # the subject assigns; the one it names is the doer, read in (b)
                um = None
            topic = 0
            if um is None and body.startswith("Về ") and ": " in body:
                # "1. Về đề nghị ... (a long topic, with its own ';'): Ủy ban nhân dân thành phố
                # Đà Nẵng cần tiếp tục rà soát ...": a conclusion's answer to a proposal
                topic = body.index(": ") + 2
                um = _subject(body[topic:])
            if um and not _ASSIGN_RE.match(body) and _unit_ok(um.group("u")):
                unit = _clean_unit(um.group("u"))
                b0 = s + hm.start("body") + topic
                body = body[topic:]
                drafts.append(_Draft(unit, _coords(body[um.end("u"):]), body, b0, e, "sentence", unit_start=b0))
                if body.rstrip().endswith(":"):
                    drafts.pop()
                    sec = _Section(unit, _level(hm.group("num")), b0, "unit")
                else:
                    drafts.extend(_later_doers(body, b0, e, unit, clauses=True))
                    if sec is not None and _level(hm.group("num")) <= sec.level:
                        sec = None
                last_duty = (s, e, body)
                continue
        if sec is not None and sec.last is not None and _LABEL_OTHER_RE.match(t):
            sec.last.end = e  # "Thời gian hoàn thành: Tháng 12/2025" under a duty
            continue
        if hm and _level(hm.group("num"))[0] == 0:
            if doer and _GENERAL_HEAD_RE.search(hm.group("body")) and not _NOT_GENERAL_RE.search(hm.group("body")):
                # (c) "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP": duties of the document's doer
                sec = _Section(doer[0], (0, 0), doer[1], "general")
                continue
        bm = _BULLET_RE.match(t)
        marker = _marker(bm.group("mark")) if bm else ("letter" if hm and _level(hm.group("num"))[0] == 9 else None)
        if sec is not None and hm and marker is None:
            lvl = _level(hm.group("num"))
            if (sec.kind in ("unit", "general") and lvl <= sec.level) or lvl[0] == 0:
                sec = None  # a sibling or higher heading closes the section
        last_duty = (s, e, hm.group("body") if hm else t)
        if sec is not None and sec.kind == "contents":
            if marker is not None and s < sec.last.end:
                continue  # what the report holds: inside the duty asking for it
            sec = None
        if sec is not None:
            if marker is not None:
                body = bm.group("body") if bm else hm.group("body")
                off = s + (bm.start("body") if bm else hm.start("body"))
                if sec.marker is None:
                    sec.marker = marker
                if marker != sec.marker and sec.last is not None:
                    if (_END_RE.search(sec.last.action) and _LEADING_VERB_RE.match(body)
                            and sec.last.source in ("section", "intro", "general")):
                        # "(1) Bộ Y tế chỉ đạo ... ." then "- Chủ trì, phối hợp ...": a complete
                        # duty followed by further duties of the same unit, not its sub-items
                        drafts.append(_Draft(sec.last.unit, _coords(body), body, off, e, sec.last.source,
                                             unit_start=sec.last.unit_start))
                        sec.last.end = min(sec.last.end, s)
                        continue
                    sec.last.end = e  # a sub-item stays inside its task
                    continue
                # ("a) Tổ chức thực hiện các quy định của Nghị quyết.": a duty, not the section title
                # "Tổ chức thực hiện", which has no final stop)
                if ((_NOT_TASK_HEAD.match(body) and len(body) < 60 and not _END_RE.search(body))
                        or _NOT_DUTY_ITEM_RE.match(body) or _is_quota(body)):
                    # ("- Ủy ban bầu cử của tỉnh: Không quá 05 cá nhân;": a quota, no duty)
                    continue
                unit, ustart = sec.unit, sec.unit_start
                lm = _ITEM_DOER_RE.match(body) if ":" in body[:140] else None
                if (lm and lm.group("d").islower() and (lm.group("r") or _UNIT_START_RE.match(lm.group("u")))
                        and _unit_ok(lm.group("u"))):
                    # "- Ban Giám đốc Trung tâm: chỉ đạo ...", "- Trách nhiệm của giáo vụ: giám sát ...":
                    # an item of a list of responsibilities that names its own doer
                    unit, ustart = _clean_unit(lm.group("u")), off + lm.start("u")
                elif sec.kind in ("intro", "general"):
                    # an item of a requested list that names its own doer:
                    # "(3) Bộ Công an tiếp tục chủ động phối hợp, hướng dẫn ..."
                    um = _subject(body)
                    am = _assignment(body)
                    if um and _unit_ok(um.group("u")):
                        unit, ustart = _clean_unit(um.group("u")), off + um.start("u")
                    elif am is not None and am.start() == 0:
                        # "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì, ..."
                        u, _k = _unit_from(am.group("rest"))
                        if u:
                            unit, ustart = u, off + am.start("rest")
                sec.last = _Draft(unit, _coords(body), body, off, e, "section", unit_start=ustart)
                drafts.append(sec.last)
                sec.seen, sec.topic = True, False
                drafts.extend(_later_doers(body, off, e, unit))
                continue
            if hm is None:
                if (sec.kind == "unit" and not sec.seen and t.rstrip().endswith(":") and idx + 1 < len(lines)
                        and (_BULLET_RE.match(lines[idx + 1][2]) or _HEADING_RE.match(lines[idx + 1][2]))):
                    # "Điều 8. Trách nhiệm của Cơ quan thường trực" then "Bộ Khoa học và Công nghệ là Cơ
                    # quan thường trực ...; có trách nhiệm ..., cụ thể:" then "1. ...": the lead-in of
                    # the list, whose items are the duties; it may name the doer the title calls by its role
                    um = _ROLE_IS_RE.match(t)
                    if um is None:
                        um = _subject(t)
                        um = um if um and um.start("u") == 0 and _unit_ok(um.group("u")) else None
                    if um is not None:
                        sec.unit, sec.unit_start = _clean_unit(um.group("u")), s + um.start("u")
                    continue
                if sec.kind == "unit" and not sec.seen:
                    # "5. Các tổ dân phố" followed by one paragraph of duties
                    sec.last = _Draft(sec.unit, _coords(t), t, s, e, "section", unit_start=sec.unit_start)
                    drafts.append(sec.last)
                    sec.seen = True
                    continue
                if sec.topic and sec.kind in ("intro", "general") and len(t) > 40:
                    # "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP" / "1. Về tăng trưởng kinh tế:" then a paragraph:
                    # the first duty of the topic, of the doer it names or of the section's
                    um = _subject(t)
                    named = um is not None and _unit_ok(um.group("u"))
                    unit = _clean_unit(um.group("u")) if named else sec.unit
                    sec.last = _Draft(unit, _coords(t), t, s, e, sec.kind,
                                      unit_start=s + um.start("u") if named else sec.unit_start)
                    drafts.append(sec.last)
                    sec.topic = False
                    continue
                am = _assignment(t) if sec.last is not None else None
                if am is not None and _unit_from(am.group("rest"))[0]:
                    pass  # an assignment sentence inside the list: (b) below reads it
                    # (not the noun of "đáp ứng yêu cầu nhiệm vụ", which names no one)
                elif sec.last is not None:
                    um = _subject(t)
                    if um and _unit_ok(um.group("u")):
                        # "Ủy ban nhân dân Thành phố chỉ đạo ...": a duty of another doer
                        sec.last = _Draft(_clean_unit(um.group("u")), _coords(t), t, s, e,
                                          "section" if sec.kind == "unit" else sec.kind, unit_start=s + um.start("u"))
                        drafts.append(sec.last)
                    elif (_LEADING_VERB_RE.match(t) and idx > 0 and _END_RE.search(lines[idx - 1][2])
                          and sec.last.source in ("section", "general")):
                        # "Nghiên cứu, triển khai các nền tảng số ... như:" after a complete duty,
                        # in a paragraph of its own: a further duty of the same doer
                        sec.last = _Draft(sec.last.unit, _coords(t), t, s, e, sec.last.source,
                                          unit_start=sec.last.unit_start)
                        drafts.append(sec.last)
                    else:
                        sec.last.end = e  # a further paragraph of the same duty
                    continue
                else:
                    sec = None  # a plain paragraph after the list ends the section
            elif (not _ASSIGN_RE.match(hm.group("body")) or (sec.kind == "unit" and _DELEGATE_RE.match(hm.group("body")))) and (
                    sec.kind in ("intro", "general") or _level(hm.group("num")) > sec.level):
                # a numbered item inside the list: "3.1. Hoàn thiện Kế hoạch ..." under
                # "3. Bộ trưởng Bộ Tài chính ... khẩn trương thực hiện các nhiệm vụ sau:"
                body = hm.group("body")
                followed_by_list = idx + 1 < len(lines) and _BULLET_RE.match(lines[idx + 1][2]) is not None
                if followed_by_list or (len(body) < 100 and not _END_RE.search(body)):
                    sec.marker = None
                    sec.topic = True
                    continue  # a topic heading inside a requested list ("1. Nội dung tuyên truyền")
                um = _subject(body)
                if um is not None and not _unit_ok(um.group("u")):
                    um = None  # "3.1. Tổ chức đào tạo, hướng dẫn ...": the verb, not a unit
                unit = _clean_unit(um.group("u")) if um else sec.unit
                ustart = s + hm.start("body") if um else sec.unit_start
                sec.last = _Draft(unit, _coords(body), body, s + hm.start("body"), e,
                                  "section" if sec.kind == "unit" else sec.kind, unit_start=ustart)
                drafts.append(sec.last)
                continue
        # (b) assignment sentences
        line_assigned: _Draft | None = None
        # (no sentence holds an assignment when the whole line holds none; a line
        # of one sentence is searched once)
        line_am = _assignment(t)
        for so, sent in (_sentences(t) if line_am is not None else ()):
            am = line_am if len(sent) == len(t) else _assignment(sent)
            if not am:
                continue
            before = sent[: am.start()]
            if am.start() > 0 and not re.search(r"(?:^|[,;:.]\s*|\s)$", before):
                continue
            if _CONDITIONAL_RE.search(_after_therefore(before)):
                continue  # "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị ..."
            while am is not None and (re.search(r"(?i)\bvề(?: việc)?\s*$", sent[: am.start()])
                                      or re.match(r"(?i)^(?:tại|theo|của|số|như|trên)\b", am.group("rest"))):
                # "Về đề nghị các bộ, ngành ...": a proposal being answered, not a request;
                # "5. Về đề nghị sửa đổi Nghị định ...: Giao Bộ Nội vụ nghiên cứu ...": the answer follows
                am = _assignment(sent, am.end("verb"))
            if am is None:
                continue
            rest = am.group("rest")
            unit, k = _unit_from(rest, whole_ok=hm is not None and so + am.start() == hm.start("body"))
            if unit is None:
                continue
            if k >= len(rest):
                # "2. Giao Sở Nội vụ" or "1. Giao ...:": the duties follow as a list
                sec = _Section(unit, _level(hm.group("num")), s + so + am.start("rest"), "unit")
                break
            a0 = s + so + am.start("rest") + k
            drafts.append(_Draft(unit, _coords(rest[k:]), rest[k:], a0, s + so + len(sent), "sentence",
                                 unit_start=s + so + am.start("rest")))
            line_assigned = drafts[-1]
        if line_assigned is not None and not t.rstrip().endswith(":"):
            # "Yêu cầu các cấp uỷ ... hoàn thành ... . Các tỉnh uỷ, thành uỷ phối hợp Bộ Y tế ..."
            drafts.extend(_later_doers(t, s, e, line_assigned.unit))
        if line_assigned is None and t.rstrip().endswith(":"):
            im = _INTRO_SUBJ_RE.search(t)
            if im and (_UNIT_START_RE.match(im.group("u")) or re.match(r"(?i)(?:thành phố|tỉnh|xã|phường|các)\b", im.group("u"))):
                unit, ustart = _clean_unit(im.group("u")), s + im.start("u")
                if doer and unit.lower() in doer[0].lower():
                    unit, ustart = doer  # "tỉnh Đắk Lắk cần ..." = the Ủy ban nhân dân tỉnh Đắk Lắk addressed
                sec = _Section(unit, (9, 9), ustart, "intro")
                continue
            dm2 = _INTRO_DO_RE.match(t) if hm is None and bm is None else None
            if dm2 and _unit_ok(dm2.group("u")):
                sec = _Section(_clean_unit(dm2.group("u")), (9, 9), s + dm2.start("u"), "intro")
                continue
        if line_assigned is None and sec is None and hm is None:
            # "Bộ Nội vụ theo chức năng nhiệm vụ được giao khẩn trương nghiên cứu ...",
            # "(iii) Ủy ban nhân dân tỉnh Đồng Nai chỉ đạo ..." (an item outside any list of one doer)
            b0 = bm.start("body") if bm else 0
            body = t[b0:]
            um = _SUBJECT_RE.match(body) or _responsible(body) or _must(body)
            if um:
                unit = _clean_unit(um.group("u"))
                if unit and _unit_ok(um.group("u")) and not t.rstrip().endswith(":"):
                    drafts.append(_Draft(unit, _coords(body[um.end("u"):]), body[um.start("v"):],
                                         s + b0 + um.start("v"), e, "sentence", unit_start=s + b0 + um.start("u")))
                    if "; " in body:
                        drafts.extend(_later_doers(body, s + b0, e, unit, clauses=True))
            elif ("phải" in body or "cần" in body or "trách nhiệm" in body) and not t.rstrip().endswith(":"):
                # a later sentence of the paragraph gives a named doer a duty: "... trên công
                # trường. Các đồng chí Bí thư, Chủ tịch UBND tỉnh ... phải thường xuyên động viên ..."
                for so, sent in _sentences(body)[1:]:
                    um = _must(sent) or _responsible(sent)
                    if um and _unit_ok(um.group("u")):
                        unit = _clean_unit(um.group("u"))
                        if unit:
                            a0 = s + b0 + so
                            drafts.append(_Draft(unit, _coords(sent[um.end("u"):]), sent[um.start("v"):],
                                                 a0 + um.start("v"), e, "sentence", unit_start=a0 + um.start("u")))
                            break
        if line_assigned is not None and t.rstrip().endswith(":"):
            # (c) "X đề nghị các chi bộ ... triển khai ... các nội dung sau:" then a list
            contents_end = _lists_contents(t, lines, idx)
            sec = _Section(line_assigned.unit, (9, 9), line_assigned.unit_start, "intro")
            if contents_end is not None:
                # "Yêu cầu các đơn vị báo cáo các nội dung sau:" then what the report holds
                line_assigned.end = contents_end
                sec.kind, sec.last = "contents", line_assigned
            else:
                drafts.remove(line_assigned)
    if art_start is not None:
        articles.append((art_start, len(text)))
    if articles and "trách nhiệm" in text:
        drafts.extend(_later_responsibilities(lines, drafts, articles))
    drafts = [d for d in drafts if d.unit and not _EXECUTION_FORMULA_RE.search(d.action) and not _is_quota(d.action)]
    proc = _procedures_start(text)
    if proc is not None:
        drafts = [d for d in drafts if d.start < proc]
    if articles and "Điều" in text:
        scope = _scope_articles(text)
        if scope:
            drafts = [d for d in drafts if not any(a <= d.start < b for a, b in scope)]
    if "“" in text and drafts:
        cited = _cited_quotes(text, doc.lines)
        if cited:
            drafts = [d for d in drafts if not any(a <= d.start < b for a, b in cited)]
    if articles:
        first_article = articles[0][0]
        drafts = [d for d in drafts if not (d.start < first_article and (_ENACTING_RE.match(d.action)
                                                                         or _enacting_line(text, d.start)))]
        competence = _competence_spans(lines) if ("hân cấp" in text or "hân quyền" in text or "Thẩm quyền" in text) else []
        if competence:
            drafts = [d for d in drafts if not (any(a <= d.start < b for a, b in competence)
                                                and not _DUTY_PREDICATE_RE.match(_predicate(d) or d.action)
                                                and not _assigned_item(text, d))]
    criteria = _competence_spans(lines, _CRITERIA_TITLE_RE) if ("Tiêu" in text or "TIÊU" in text or "Điều kiện" in text) else []
    if criteria:
        drafts = [d for d in drafts if not (any(a <= d.start < b for a, b in criteria)
                                            and not _RESPONSIBILITY_PREDICATE_RE.match(_predicate(d) or d.action)
                                            and not _assigned_item(text, d))]
    if "hành vi" in text or "cấm" in text or "xử phạt" in text or "tiêu" in text or "điều kiện" in text or "đáp ứng" in text:
        violations = _violation_lists(lines)
        if violations:
            drafts = [d for d in drafts if not any(a <= d.start < b for a, b in violations)]
    if "điện thoại" in text:
        drafts = [d for d in drafts if not _CONTACT_RE.search(d.action)]
    drafts = _drop_restated(drafts)
    notes = _footnotes(doc) if "[" in text else []
    if notes:
        drafts = [d for d in drafts if not any(a <= d.start < b for a, b in notes)]
    for d in drafts:
        if " phân công " in d.unit:
            pm = _ASSIGNS_WITHIN_RE.search(d.unit)
            y = pm.group("y") if pm else ""
            owned = re.search(r"\s+(?:chịu|có) trách nhiệm$", y)
            if owned:
                y = y[:owned.start()]
            if (y and re.match(r"(?:từng|mỗi|các)\s", y) and _unit_ok(y)
                    and (owned or _RESPONSIBILITY_PREDICATE_RE.match(_predicate(d) or ""))):
                # "Ban Chỉ đạo phân công từng thành viên chịu trách nhiệm: ...": the one assigned
                # is the doer, as after "Giao" ("Giám đốc phân công 01 giảng viên thực hiện ...":
                # the assigning is the duty)
                d.unit = _clean_unit(y)
        # a subject read too far: "Văn phòng Trung ương Đảng ban hành danh mục ..."
        vm = _VERB_RE.search(d.unit)
        if vm and (_ASSIGNED_RE.search(d.unit, 0, _verb_at(vm)) or d.unit[:_verb_at(vm)].endswith(" được ")):
            # "Người được giao xử lý công việc", "Các cơ quan được phân công chủ trì thực hiện
            # nhiệm vụ ...": the verb is the assignment naming the doer
            vm = None
        if (vm and _verb_at(vm) > 3 and d.unit[_verb_at(vm):].startswith(_POWERS)
                and any(a <= d.start < b for a, b in articles)):
            # "Người đứng đầu cơ quan, tổ chức ... quyết định hủy tài liệu ... sau khi có ý
            # kiến thẩm định", "b) Sở Tài chính quyết định bổ sung ... của:" and its list: in the
            # articles of a Quy chế, a Quy định or a Quyết định phân cấp the predicate is a power,
            # not a duty (ANNOTATE.md); in a plan "X quyết định thành lập ..." is a duty
            d.unit = ""
            continue
        if vm and _verb_at(vm) > 3 and (d.source == "sentence" or _role_verb_cut(d.unit, _verb_at(vm))):
            at = _verb_at(vm)
            after = d.action[len(d.unit):].lstrip() if d.action.startswith(d.unit) else d.action
            if _GENERIC_ROLE_RE.match(d.unit[:at].strip()) and _DUTY_VERB_RE.match(after):
                # "Cơ quan tiếp nhận kê khai giá có trách nhiệm ...", "Các Sở quản lý ngành, lĩnh vực
                # có trách nhiệm ...": a generic noun and its verb name a role; the duty follows
                continue
            role = re.match(r"(?:chủ trì|phối hợp)\b", d.unit[at:])
            if role and d.unit[:at].strip().lower() in ("cơ quan", "đơn vị", "bộ phận"):
                # "Cơ quan phối hợp có trách nhiệm trả lời ...": the role noun of a Quy chế is the doer
                at += role.end()
                vm = _VERB_RE.search(d.unit, at)
                at = _verb_at(vm) if vm else len(d.unit)
            d.unit = _clean_unit(d.unit[:at])
    # "... quyết định ..." as the predicate of an article's clause: a power (read above when the
    # subject ran into it; here when the action starts with it)
    drafts = [d for d in drafts if d.unit and not ((d.action[:14].lower().startswith(_POWERS[:2])
                                                    or (_predicate(d) or "").startswith(_POWERS))
                                                   and any(a <= d.start < b for a, b in articles))]
    # "Cơ quan thường trực có thể đề xuất mời ...", "Cơ quan thường trực được làm việc với
    # các bộ, ngành ...": a permission, not a duty (ANNOTATE.md: powers are not tasks)
    drafts = [d for d in drafts if not _permission(d)]
    drafts.sort(key=lambda d: d.start)
    out: list[Task] = []
    # Only the deadlines starting inside the task are looked at (bisect over their
    # starts): trying every deadline for every task was quadratic, minutes for a
    # 1 MB paragraph of assignments (tests/test_bad_files.py).
    dls = sorted(deadlines or [], key=lambda x: x.start)
    dl_starts = [dl.start for dl in dls]
    for n, d in enumerate(drafts, 1):
        due = rec = None
        for dl in dls[bisect.bisect_left(dl_starts, d.start):bisect.bisect_left(dl_starts, d.end)]:
            if d.start <= dl.start < d.end and (dl.due or dl.recurrence):
                if dl.due and due is None:
                    due = dl.due
                if dl.recurrence and rec is None:
                    rec = dl.recurrence
        # the unit as cleaned ("- Sở Y tế;" → "Sở Y tế") is found from where it was read
        k = text.find(d.unit, d.unit_start, d.unit_start + len(d.unit) + 200) if d.unit_start >= 0 else -1
        us = Span(k, k + len(d.unit), doc.page_at(k)) if k >= 0 else None
        out.append(Task(f"T{n}", d.unit, d.coordinating, _first_sentence(d.action), due, d.product,
                        d.start, d.end, doc.page_at(d.start), d.source, rec, us))
    return out


def _coords(s: str) -> list[str]:
    m = _COORD_RE.search(s)
    if not m:
        return []
    c = m.group("c")
    vm = _VERB_RE.search(" " + c[3:])
    if vm:
        c = c[: max(3, _verb_at(vm) + 2)]
    return [u for u in _split_units(c) if _UNIT_START_RE.match(u) or u.startswith(("các", "cơ quan"))]


_WORD_RE = re.compile(r"\w+")


def _words(s: str) -> set[str]:
    return set(_WORD_RE.findall(s.lower()))


def _drop_restated(drafts: list[_Draft]) -> list[_Draft]:
    """A plan that lists its duties in the text and again in its annex table
    states each duty twice: the table row, which names the lead, is the task."""
    rows = [_words(d.action) for d in drafts if d.source == "table"]
    if not rows:
        return drafts
    out = []
    for d in drafts:
        if d.source != "table":
            w = _words(_first_sentence(d.action))
            if len(w) >= 4 and any(len(r) >= 4 and len(w & r) >= 0.8 * min(len(w), len(r)) for r in rows):
                continue
        out.append(d)
    return out


def _table_tasks(doc: Text) -> list[_Draft]:
    """(d) rows of task tables (cells from DOCX/PDF/web-page tables)."""
    out = []
    for row in task_rows(doc):
        action, unit = row.cells["action"], row.cells["unit"]
        coord = _split_units(row.cells["coord"].text) if "coord" in row.cells else []
        product = row.cells["product"].text if "product" in row.cells else None
        out.append(_Draft(_clean_unit(unit.text), coord, action.text, action.start, row.end, "table", product,
                          unit_start=unit.start))
    return out
