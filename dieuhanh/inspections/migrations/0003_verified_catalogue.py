"""The provision catalogue checked against the decrees' text (docs/provisions.md).

The first catalogue cited wrong articles or acts for most of its entries. Entries still exactly as that
catalogue seeded them are corrected where the same decree, article, clause and point now hold the verified
act, and removed where nothing refers to them; an entry a violation already cites, or one staff edited,
is left as it is. The verified entries are then added (idempotent, as in 0001)."""

from django.db import migrations

# (decree, article, clause, point, act as first seeded) of the first catalogue.
FIRST_CATALOGUE = [
    ("159/2013/NĐ-CP", 25, 3, "b", "Phát hành xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp "
     "(thay bằng NĐ 119/2020)"),
    ("119/2020/NĐ-CP", 25, 4, "a", "Mua, bán, phát hành xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc "
     "hợp pháp"),
    ("119/2020/NĐ-CP", 25, 2, "a", "Không thực hiện đăng ký, đăng ký lại hoạt động phát hành xuất bản phẩm với cơ quan "
     "quản lý nhà nước"),
    ("119/2020/NĐ-CP", 24, 1, "", "Không thực hiện chế độ báo cáo, lưu chiểu về hoạt động in xuất bản phẩm"),
    ("119/2020/NĐ-CP", 8, 1, "", "Không thực hiện đúng chế độ thông tin, báo cáo định kỳ, đột xuất theo quy định về "
     "hoạt động báo chí"),
    ("119/2020/NĐ-CP", 10, 1, "a", "Không ghi hoặc ghi không đầy đủ, không đúng các thông tin quy định trên sản phẩm "
     "báo chí, trang thông tin điện tử"),
    ("15/2020/NĐ-CP", 64, 1, "", "Thiết lập trang thông tin điện tử tổng hợp, mạng xã hội không có giấy phép"),
    ("15/2020/NĐ-CP", 30, 4, "", "Giao kết hợp đồng, bán SIM thuê bao di động trả trước đã được kích hoạt sẵn (trước "
     "sửa đổi)"),
    ("14/2022/NĐ-CP", 30, 8, "", "Lưu thông trên thị trường SIM thuê bao di động có sẵn tiền trong tài khoản hoặc đã "
     "được đăng ký thông tin thuê bao (NĐ 15/2020 sửa đổi bởi NĐ 14/2022)"),
    ("15/2020/NĐ-CP", 44, 2, "", "Đại lý dịch vụ viễn thông, điểm cung cấp dịch vụ Internet công cộng hoạt động không "
     "đúng giờ, không có hợp đồng đại lý"),
    ("15/2020/NĐ-CP", 63, 3, "", "Sử dụng tần số, thiết bị vô tuyến điện không có giấy phép (thiết bị có công suất đến "
     "150 W)"),
    ("15/2020/NĐ-CP", 8, 1, "", "Cung cấp dịch vụ bưu chính không đúng nội dung giấy phép, văn bản xác nhận thông báo "
     "hoạt động bưu chính"),
    ("15/2020/NĐ-CP", 91, 1, "", "Không thực hiện việc lưu trữ thông tin, bảo đảm an toàn thông tin mạng theo quy định"),
    ("38/2021/NĐ-CP", 34, 1, "", "Quảng cáo không đúng hoặc không đầy đủ nội dung phải có theo quy định"),
    ("38/2021/NĐ-CP", 40, 2, "", "Treo, dựng, đặt biển hiệu, bảng quảng cáo không đúng quy định về kích thước, vị trí"),
]


def correct_catalogue(apps, schema_editor):
    from dieuhanh.core.text import fold
    from dieuhanh.inspections.services import CATALOGUE

    Provision = apps.get_model("inspections", "Provision")
    Violation = apps.get_model("inspections", "Violation")
    verified = {(decree, article, clause, point): row for decree, article, clause, point, *row in CATALOGUE}
    for decree, article, clause, point, title in FIRST_CATALOGUE:
        key = (decree, article, clause, point)
        for provision in Provision._base_manager.filter(decree=decree, article=article, clause=clause,
                                                        point=point, title=title):
            if Violation._base_manager.filter(provision_id=provision.pk).exists():
                continue
            if key in verified:
                field, low, high, applies_to, start, until, act = verified[key]
                provision.field, provision.fine_min, provision.fine_max = field, low, high
                provision.fine_applies_to, provision.valid_from, provision.valid_until = applies_to, start, until
                provision.title, provision.search_text = act, f"{fold(decree)} {fold(act)}"
                provision.save()
            else:
                provision.delete()
    from dieuhanh.inspections.services import load_catalogue

    load_catalogue(Provision)


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0002_confiscation_decided_on"),
    ]

    operations = [
        migrations.RunPython(correct_catalogue, migrations.RunPython.noop),
    ]
