"""The national guides (cẩm nang) for the basic digital skills, written for this project.

Plain Vietnamese, short numbered steps that an older person can follow
with the phone in hand, and the safety warnings that matter most. Steps
may use the HTML of `richtext.ALLOWED_TAGS` (here only <strong>). The data
migration `0002_seed_guides` loads them into a fresh database; a province
adds its own local guides from the guide pages.

Keys: `skill` is a key of `people.skills.Skill`, `audience` one of
`models.Audience`.
"""

NATIONAL_GUIDES = [
    {
        "slug": "kich-hoat-vneid-muc-2",
        "title": "Kích hoạt VNeID mức 2 (tài khoản định danh điện tử)",
        "skill": "vneid_l2",
        "audience": "residents",
        "summary": (
            "Tài khoản định danh điện tử mức 2 dùng thay thẻ căn cước khi làm thủ tục, "
            "khi đi khám bệnh, và để đăng nhập dịch vụ công trực tuyến. "
            "Người từ đủ 14 tuổi tự đăng ký được."
        ),
        "steps": [
            "Mang thẻ căn cước (hoặc căn cước công dân gắn chip) và điện thoại có số "
            "<strong>chính chủ</strong> đến Công an xã, phường nơi mình ở. Nói với cán bộ: "
            "“Tôi muốn đăng ký tài khoản định danh điện tử mức 2”.",
            "Cán bộ công an chụp ảnh khuôn mặt, lấy vân tay (nếu cần) và ghi số điện thoại. "
            "Đăng ký không mất tiền.",
            "Chờ tin nhắn báo tài khoản đã được tạo. Trong tin nhắn có "
            "<strong>mã kích hoạt</strong>. Có khi phải chờ vài ngày.",
            "Tải ứng dụng <strong>VNeID</strong> từ CH Play (điện thoại Android) hoặc "
            "App Store (iPhone). Chỉ tải từ hai nơi này, không tải từ đường link người khác gửi.",
            "Mở VNeID, chọn <strong>Kích hoạt tài khoản định danh điện tử</strong>.",
            "Nhập số định danh cá nhân (12 số in trên thẻ căn cước) và số điện thoại đã đăng ký, "
            "rồi bấm <strong>Gửi yêu cầu</strong>.",
            "Nhập mã kích hoạt trong tin nhắn. Sau đó tự đặt <strong>mật khẩu</strong> và "
            "<strong>mã bảo vệ (passcode) 6 số</strong>. Ghi nhớ, không viết ra giấy để cạnh "
            "điện thoại.",
            "Đăng nhập lại bằng mật khẩu vừa đặt. Thấy thông tin của mình và thẻ căn cước trong "
            "mục <strong>Ví giấy tờ</strong> là đã xong.",
        ],
        "safety": [
            "Mã kích hoạt, mã OTP, mật khẩu và mã bảo vệ chỉ mình biết. Không đọc cho ai, "
            "kể cả người xưng là công an.",
            "Công an không gọi điện hướng dẫn cài VNeID qua đường link và không bao giờ "
            "yêu cầu chuyển tiền.",
            "Chỉ nhờ thành viên Tổ công nghệ số cộng đồng hoặc cán bộ Công an xã giúp.",
            "Không chụp ảnh thẻ căn cước gửi cho người lạ.",
        ],
    },
    {
        "slug": "tich-hop-giay-to-vao-vneid",
        "title": "Tích hợp giấy tờ vào VNeID",
        "skill": "vneid_l2",
        "audience": "residents",
        "summary": (
            "Đưa giấy phép lái xe, thẻ bảo hiểm y tế và các giấy tờ khác vào VNeID để dùng "
            "thay bản giấy. Cần có tài khoản VNeID mức 2."
        ),
        "steps": [
            "Mở ứng dụng VNeID, đăng nhập bằng mật khẩu (hoặc vân tay, khuôn mặt nếu đã cài).",
            "Ở màn hình chính, chọn <strong>Ví giấy tờ</strong>.",
            "Chọn <strong>Tích hợp thông tin</strong>, rồi chọn <strong>Tạo mới yêu cầu</strong>.",
            "Chọn loại giấy tờ muốn đưa vào, ví dụ <strong>Giấy phép lái xe</strong> hoặc "
            "<strong>Thẻ BHYT</strong>.",
            "Nhập số giấy tờ (số giấy phép lái xe, mã số bảo hiểm xã hội in trên thẻ BHYT…), "
            "đánh dấu ô xác nhận, bấm <strong>Gửi yêu cầu</strong>.",
            "Nhập mã bảo vệ (passcode) 6 số để xác nhận.",
            "Chờ cơ quan quản lý kiểm tra. Khi xong, giấy tờ hiện trong Ví giấy tờ "
            "(có thể mất vài ngày).",
            "Khi cần, mở Ví giấy tờ và đưa màn hình cho cán bộ xem, ví dụ khi đi khám bệnh "
            "hoặc khi cảnh sát giao thông kiểm tra.",
        ],
        "safety": [
            "Giấy tờ trong VNeID chỉ xem trong ứng dụng. Không chụp màn hình gửi cho người lạ.",
            "Không ai được đòi mã bảo vệ của bạn để “tích hợp giúp”. Tự mình nhập, "
            "thành viên tổ chỉ ngồi cạnh hướng dẫn.",
            "Thông tin sai (sai tên, sai ngày sinh): báo Công an xã để sửa, không sửa qua "
            "người trung gian.",
        ],
    },
    {
        "slug": "cai-dat-chu-ky-so-ca-nhan",
        "title": "Cài đặt chữ ký số cá nhân",
        "skill": "digital_signature",
        "audience": "residents",
        "summary": (
            "Chữ ký số cá nhân giúp ký giấy tờ điện tử và nộp hồ sơ dịch vụ công mà không phải "
            "in ra ký tay. Dành cho người từ đủ 18 tuổi. Loại ký số từ xa dùng ngay trên "
            "điện thoại, không cần thiết bị riêng."
        ),
        "steps": [
            "Chọn một nhà cung cấp chữ ký số được Nhà nước cấp phép, ví dụ VNPT SmartCA, "
            "Viettel MySign, FPT.eSign, MISA eSign. Hỏi thành viên tổ hoặc cửa hàng nhà mạng "
            "về giá và chương trình hỗ trợ cho người dân.",
            "Tải ứng dụng của nhà cung cấp đã chọn từ CH Play hoặc App Store. Xem kỹ tên nhà "
            "phát triển đúng là công ty đó.",
            "Đăng ký tài khoản bằng số điện thoại chính chủ. Tự mình nhập mã OTP gửi về máy.",
            "Xác minh danh tính theo hướng dẫn trong ứng dụng: chụp thẻ căn cước và quay "
            "khuôn mặt, hoặc xác thực bằng tài khoản VNeID.",
            "Đọc kỹ hợp đồng, chọn gói dịch vụ và thời hạn, rồi xác nhận.",
            "Khi có thông báo chữ ký số đã được cấp, đặt <strong>mã PIN</strong> để ký. "
            "Ghi nhớ mã PIN.",
            "Khi cần ký (ví dụ nộp hồ sơ trên Cổng Dịch vụ công), chọn <strong>Ký số</strong>, "
            "chọn nhà cung cấp của mình, rồi mở ứng dụng trên điện thoại để xác nhận.",
            "Ghi lại ngày hết hạn và gia hạn trước khi hết hạn.",
        ],
        "safety": [
            "Chữ ký số có giá trị như chữ ký tay của chính bạn. Không cho ai mượn điện thoại "
            "để ký, không báo mã PIN cho ai.",
            "Chỉ xác nhận yêu cầu ký mà chính bạn vừa gửi. Thấy yêu cầu ký lạ thì từ chối và "
            "báo nhà cung cấp.",
            "Nhân viên nhà cung cấp không bao giờ hỏi mã OTP hay mã PIN.",
        ],
    },
    {
        "slug": "tai-khoan-thanh-toan-dien-tu-an-toan",
        "title": "Mở và dùng tài khoản thanh toán điện tử an toàn",
        "skill": "epayment",
        "audience": "residents",
        "summary": (
            "Tài khoản ngân hàng trên điện thoại hoặc ví điện tử giúp trả tiền điện, nước, "
            "học phí, mua bán ở chợ bằng mã QR mà không cần tiền mặt."
        ),
        "steps": [
            "Chọn một ngân hàng hoặc ví điện tử được Ngân hàng Nhà nước cấp phép. Tải ứng dụng "
            "chính thức từ CH Play hoặc App Store, đúng tên ngân hàng.",
            "Mở ứng dụng, chọn <strong>Mở tài khoản</strong> và nhập số điện thoại chính chủ.",
            "Làm theo hướng dẫn: chụp thẻ căn cước, quay khuôn mặt. Cũng có thể ra quầy giao "
            "dịch của ngân hàng để được làm giúp.",
            "Đặt mật khẩu khó đoán (không dùng ngày sinh, số điện thoại). Bật đăng nhập bằng "
            "vân tay hoặc khuôn mặt nếu máy có.",
            "Để nhận tiền: mở mã QR của mình trong ứng dụng cho người chuyển quét.",
            "Để trả tiền: chọn <strong>Quét QR</strong> hoặc nhập số tài khoản. "
            "<strong>Đọc kỹ tên người nhận và số tiền</strong> hiện trên màn hình trước khi "
            "bấm xác nhận.",
            "Chuyển trên 10 triệu đồng một lần, hoặc tổng trên 20 triệu đồng một ngày, phải "
            "xác thực khuôn mặt. Việc này để bảo vệ bạn.",
            "Mỗi tuần xem lại lịch sử giao dịch. Thấy giao dịch lạ, gọi ngay số tổng đài in "
            "trên thẻ hoặc trong ứng dụng để khóa tài khoản.",
        ],
        "safety": [
            "Không bao giờ đọc mã OTP, mật khẩu cho bất kỳ ai, kể cả người xưng là nhân viên "
            "ngân hàng hay công an.",
            "Ngân hàng không gọi điện hay nhắn tin yêu cầu bấm đường link, cài ứng dụng hay "
            "cung cấp mã OTP.",
            "Không cho mượn, không bán tài khoản ngân hàng: kẻ xấu dùng nó để nhận tiền lừa "
            "đảo, và chủ tài khoản phải chịu trách nhiệm trước pháp luật.",
        ],
    },
    {
        "slug": "nop-ho-so-dich-vu-cong-truc-tuyen",
        "title": "Nộp hồ sơ dịch vụ công trực tuyến",
        "skill": "public_services",
        "audience": "residents",
        "summary": (
            "Làm thủ tục hành chính (khai sinh, xác nhận, cấp đổi giấy tờ…) ngay trên điện "
            "thoại hoặc máy tính, không phải đến trụ sở nhiều lần. Cần có tài khoản VNeID mức 2."
        ),
        "steps": [
            "Vào Cổng Dịch vụ công quốc gia tại địa chỉ <strong>dichvucong.gov.vn</strong>, "
            "hoặc cổng dịch vụ công của tỉnh. Kiểm tra địa chỉ trang kết thúc bằng "
            "<strong>.gov.vn</strong>.",
            "Bấm <strong>Đăng nhập</strong>, chọn đăng nhập bằng tài khoản định danh điện tử "
            "VNeID, rồi xác nhận trên ứng dụng VNeID.",
            "Gõ tên thủ tục vào ô tìm kiếm, ví dụ “đăng ký khai sinh”, và chọn đúng thủ tục.",
            "Chọn cơ quan giải quyết (tỉnh, xã nơi mình ở), rồi bấm "
            "<strong>Nộp trực tuyến</strong>.",
            "Điền tờ khai. Nhiều thông tin được điền sẵn từ cơ sở dữ liệu dân cư: kiểm tra lại "
            "cho đúng.",
            "Đính kèm giấy tờ: chụp rõ nét, đủ các trang, hoặc chọn giấy tờ đã có sẵn trong "
            "kho dữ liệu của mình.",
            "Nộp phí, lệ phí (nếu có) bằng thanh toán trực tuyến ngay trên cổng.",
            "Bấm <strong>Nộp hồ sơ</strong> và ghi lại <strong>mã hồ sơ</strong>. Theo dõi "
            "trong mục quản lý hồ sơ và nhận kết quả theo cách đã chọn.",
        ],
        "safety": [
            "Chỉ dùng trang có đuôi .gov.vn. Trang giả mạo thường có tên gần giống và đòi "
            "thông tin tài khoản ngân hàng.",
            "Cán bộ không bao giờ yêu cầu chuyển tiền vào tài khoản cá nhân để “giải quyết nhanh”.",
            "Không nhờ người lạ nộp hộ bằng tài khoản VNeID của mình.",
        ],
    },
    {
        "slug": "mua-sam-truc-tuyen-an-toan",
        "title": "Mua sắm trực tuyến an toàn",
        "skill": "online_shopping",
        "audience": "residents",
        "summary": (
            "Mua hàng trên mạng tiện và nhiều khi rẻ hơn, nhưng kẻ gian cũng hay lừa ở đây. "
            "Mấy bước sau giúp mua đúng hàng, đúng giá."
        ),
        "steps": [
            "Mua trên sàn thương mại điện tử lớn hoặc trang của cửa hàng có địa chỉ rõ ràng. "
            "Đọc đánh giá của người đã mua.",
            "Hàng rẻ bất thường so với ngoài chợ thường là hàng giả hoặc lừa đảo.",
            "Đọc kỹ tên hàng, ảnh, kích cỡ và chính sách đổi trả trước khi đặt.",
            "Ghi địa chỉ nhận hàng đầy đủ và số điện thoại của mình.",
            "Trả tiền qua sàn hoặc trả khi nhận hàng. <strong>Không chuyển khoản trước</strong> "
            "cho người bán lạ qua Zalo, Facebook.",
            "Khi người giao hàng gọi, kiểm tra đúng là đơn mình đã đặt. Nên quay video lúc mở hộp.",
            "Hàng sai, hàng hỏng: khiếu nại ngay trong ứng dụng của sàn, trong thời hạn đổi trả.",
        ],
        "safety": [
            "Người lạ gọi báo có hàng giao mà bạn không đặt, đòi chuyển khoản trước: từ chối.",
            "Không bấm đường link “nhận quà”, “trúng thưởng”, “hoàn tiền đơn hàng”.",
            "Không đọc mã OTP cho người bán hay người giao hàng.",
        ],
    },
    {
        "slug": "nhan-biet-lua-dao-tren-mang",
        "title": "Nhận biết các kiểu lừa đảo trên mạng thường gặp",
        "skill": "cyber_safety",
        "audience": "elderly",
        "summary": (
            "Kẻ lừa đảo thường gọi điện, nhắn tin, làm người ta sợ hoặc ham, rồi đòi chuyển "
            "tiền hay đọc mã OTP. Nhận ra các kiểu sau thì dừng lại và hỏi người thân."
        ),
        "steps": [
            "<strong>Giả công an, viện kiểm sát, tòa án</strong> gọi báo bạn dính vào vụ án, "
            "đòi chuyển tiền “để xác minh”: cơ quan nhà nước không làm việc qua điện thoại và "
            "không bao giờ đòi chuyển tiền. Tắt máy.",
            "<strong>Giả nhân viên điện lực, nhà mạng, ngân hàng</strong> báo sắp cắt điện, "
            "khóa sim, khóa tài khoản và gửi đường link: không bấm. Tự gọi lại số tổng đài "
            "chính thức.",
            "<strong>Người quen nhắn mượn tiền gấp</strong> qua Zalo, Facebook: tài khoản của "
            "họ có thể đã bị chiếm. Gọi điện trực tiếp cho người đó trước khi chuyển.",
            "<strong>Báo con cháu bị tai nạn, đang cấp cứu</strong>, cần chuyển tiền ngay: "
            "bình tĩnh, gọi cho con cháu, nhà trường hoặc bệnh viện để hỏi.",
            "<strong>Báo trúng thưởng, nhận quà</strong> nhưng phải nộp phí trước: đó là lừa đảo.",
            "<strong>Việc nhẹ lương cao</strong>, làm “nhiệm vụ” bấm thích, chốt đơn để nhận "
            "hoa hồng, phải nạp tiền trước: lừa đảo.",
            "<strong>Bảo cài ứng dụng lạ</strong>, “cập nhật VNeID”, “hoàn thuế” qua đường "
            "link: ứng dụng đó chiếm điện thoại và lấy tiền trong tài khoản. Chỉ cài ứng dụng "
            "từ CH Play, App Store.",
            "Lỡ chuyển tiền hoặc lỡ đọc mã OTP: gọi ngay tổng đài ngân hàng để khóa tài khoản, "
            "rồi báo Công an xã và thành viên Tổ công nghệ số cộng đồng.",
        ],
        "safety": [
            "Không ai có quyền hỏi mã OTP của bạn. Ai hỏi mã OTP là kẻ lừa đảo.",
            "Bị hối thúc, dọa dẫm: dừng lại, tắt máy, hỏi người thân.",
            "Khẩn cấp thì gọi 113.",
        ],
    },
    {
        "slug": "su-dung-so-suc-khoe-dien-tu",
        "title": "Sử dụng sổ sức khỏe điện tử",
        "skill": "ehealth_book",
        "audience": "residents",
        "summary": (
            "Sổ sức khỏe điện tử nằm trong ứng dụng VNeID, lưu các lần khám chữa bệnh, tiêm "
            "chủng, đơn thuốc của bạn. Cần có tài khoản VNeID mức 2."
        ),
        "steps": [
            "Mở ứng dụng VNeID và đăng nhập.",
            "Tìm mục <strong>Sổ sức khỏe điện tử</strong>. Tùy phiên bản, mục này ở màn hình "
            "chính hoặc trong phần tiện ích.",
            "Đọc điều khoản, đồng ý chia sẻ thông tin với cơ sở y tế, rồi nhập mã bảo vệ "
            "(passcode).",
            "Xem thông tin của mình: các lần khám chữa bệnh, đơn thuốc, tiêm chủng, kết quả "
            "xét nghiệm.",
            "Khi đi khám bệnh, dùng thẻ BHYT đã tích hợp trong VNeID hoặc thẻ căn cước gắn "
            "chip thay thẻ bảo hiểm giấy.",
            "Thấy thông tin sai hoặc thiếu, báo cơ sở y tế nơi đã khám để điều chỉnh.",
            "Không tìm thấy mục này: nhờ thành viên Tổ công nghệ số cộng đồng xem giúp, "
            "ngồi cạnh mình.",
        ],
        "safety": [
            "Thông tin sức khỏe là dữ liệu nhạy cảm: không chụp màn hình gửi cho người lạ.",
            "Không có “sổ sức khỏe điện tử” nào phải cài từ đường link gửi qua tin nhắn. "
            "Chỉ dùng trong ứng dụng VNeID.",
        ],
    },
    {
        "slug": "su-dung-vssid",
        "title": "Sử dụng VssID – Bảo hiểm xã hội số",
        "skill": "vssid",
        "audience": "workers",
        "summary": (
            "VssID là ứng dụng của Bảo hiểm xã hội Việt Nam: xem thẻ bảo hiểm y tế, quá trình "
            "đóng bảo hiểm xã hội, lương hưu, trợ cấp ngay trên điện thoại."
        ),
        "steps": [
            "Tải ứng dụng <strong>VssID – Bảo hiểm xã hội số</strong> từ CH Play hoặc App Store.",
            "Mở ứng dụng, chọn đăng nhập bằng <strong>tài khoản định danh điện tử "
            "(VNeID)</strong>, rồi xác nhận trên ứng dụng VNeID.",
            "Mở <strong>Thẻ BHYT</strong> để xem hạn thẻ và nơi đăng ký khám chữa bệnh ban đầu. "
            "Dùng thẻ này khi đi khám.",
            "Mở <strong>Quá trình tham gia</strong> để xem số tháng đã đóng bảo hiểm xã hội, "
            "bảo hiểm y tế, bảo hiểm thất nghiệp.",
            "Người đang nhận lương hưu, trợ cấp: xem các khoản đã nhận trong mục thông tin hưởng.",
            "Dùng mục <strong>Tra cứu</strong> để tìm cơ sở khám chữa bệnh, điểm thu bảo hiểm "
            "gần nhà.",
            "Thấy thông tin sai (thiếu tháng đóng, sai mức đóng): liên hệ cơ quan bảo hiểm xã "
            "hội nơi mình ở hoặc tổng đài <strong>1900 9068</strong>.",
        ],
        "safety": [
            "Cơ quan bảo hiểm xã hội không gọi điện đòi nộp tiền hay bảo cài ứng dụng qua "
            "đường link.",
            "Chỉ cài VssID từ CH Play, App Store; không cài từ đường link người khác gửi.",
            "Không đọc mã OTP, mật khẩu cho ai.",
        ],
    },
]
