# Writes mrz_cases.jsonl. Check digits come from this independent scratch implementation
# of ICAO 9303 (mk.py), not from the Rust code under test. Expected checks, fields and
# warnings are stated by hand per case.
import json
from icao_scratch import *

cases = []
def add(id, fmt, lines, checks=None, fields=None, warnings=(), error=None, **extra):
    c = {"id": id, "format": fmt, "lines": lines}
    if error:
        c["error"] = error
    else:
        c["valid"] = all(checks.values())
        c["checks"] = checks
        c["fields"] = fields
        c["warnings"] = sorted(warnings)
    c.update(extra)
    cases.append(c)

def ok(fmt):
    base = {"document_number": True, "birth_date": True, "expiry_date": True}
    if fmt == "TD3": base["personal_number"] = True
    if fmt in ("TD1", "TD2", "TD3"): base["composite"] = True
    return base
def bad(fmt, *names):
    c = ok(fmt)
    for n in names: c[n] = False
    return c
def fld(code, state, primary, secondary, num, nat, dob, sex, exp, **opt):
    f = {"document_code": code, "issuing_state": state, "primary_identifier": primary,
         "secondary_identifier": secondary, "document_number": num, "nationality": nat,
         "birth_date": dob, "sex": sex, "expiry_date": exp}
    f.update(opt)
    return f
def sub(line, i, ch):
    return line[:i] + ch + line[i+1:]

# ---------------- TD1 ----------------
L = td1('ID','KAZ','012345678','850315300019','850315','M','310314','KAZ','','ZHUMABEKOV<<ASKAR')
add("td1-kaz-iin-in-optional-data", "TD1", L, ok("TD1"),
    fld("ID","KAZ","ZHUMABEKOV","ASKAR","012345678","KAZ","850315","M","310314",
        optional_data_1="850315300019", optional_data_2=""), iin="850315300019")
garbled = [L[0],
           'B5O3IS' + L[1][6:],
           'ZHUMABEK0V<<A5KAR' + L[2][17:]]
add("td1-ocr-letters-in-dates-digits-in-name", "TD1", garbled, bad("TD1","birth_date","composite"),
    fld("ID","KAZ","ZHUMABEK0V","A5KAR","012345678","KAZ","B5O3IS","M","310314",
        optional_data_1="850315300019", optional_data_2=""),
    ["invalid_date:birth_date","digits_in_name"], suggestion=L,
    note="letters in the date and digits in the name are type errors; the alphanumeric document number and optional data keep their 0/1/2/5/8 because their checks pass")
n12 = 'AB123456789C'  # the two long-number conventions give different check digits (8 with filler, 6 without)
L = td1('I','UTO',n12,'','900101','F','300101','UTO','','DOE<<JANE',long='without')
add("td1-long-number-excluding-filler", "TD1", L, ok("TD1"),
    fld("I","UTO","DOE","JANE",n12,"UTO","900101","F","300101",optional_data_1="",optional_data_2=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality"], long_number_check="excluding_filler")
L = td1('I','UTO',n12,'','900101','F','300101','UTO','','DOE<<JANE',long='with')
add("td1-long-number-including-filler", "TD1", L, ok("TD1"),
    fld("I","UTO","DOE","JANE",n12,"UTO","900101","F","300101",optional_data_1="",optional_data_2=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality"], long_number_check="including_filler")
L = td1('I','UTO',n12,'','900101','F','300101','UTO','','DOE<<JANE',long='without',over={'num':'1'})
add("td1-long-number-bad-check-digit", "TD1", L, bad("TD1","document_number"),
    fld("I","UTO","DOE","JANE",n12,"UTO","900101","F","300101",optional_data_1="",optional_data_2=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality"], long_number_check=None)
L = td1('I','UTO','XY987654321','Q7','900101','F','300101','UTO','','DOE<<JANE',long='without')
add("td1-long-number-then-optional-data", "TD1", L, ok("TD1"),
    fld("I","UTO","DOE","JANE","XY987654321","UTO","900101","F","300101",optional_data_1="Q7",optional_data_2=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality"])
L = td1('ID','CHE','AB123','XY','900101','M','300101','CHE','','MEIER<<HANS',over={'num':'<'})
add("td1-filler-check-digit-with-short-number-is-not-a-long-number", "TD1", L, bad("TD1","document_number"),
    fld("ID","CHE","MEIER","HANS","AB123","CHE","900101","M","300101",optional_data_1="XY",optional_data_2=""))
L = td1('ID','D','T22000129','','640812','<','300101','D','','MUSTERMANN<<ERIKA')
add("td1-germany-d-and-unspecified-sex", "TD1", L, ok("TD1"),
    fld("ID","D","MUSTERMANN","ERIKA","T22000129","D","640812","<","300101",optional_data_1="",optional_data_2=""),
    ["special_state_code:issuing_state:D","special_state_code:nationality:D","sex_unspecified"])
L = td1('I','FIN','XA1000058','','950101','F','280313','FIN','','<<MADONNA')
add("td1-no-primary-identifier", "TD1", L, ok("TD1"),
    fld("I","FIN","","MADONNA","XA1000058","FIN","950101","F","280313",optional_data_1="",optional_data_2=""),
    ["no_primary_identifier"])
L = td1('I','UZB','AA1234567','','800101','M','300101','UZB','','ABDURAKHMONOV<<MUKHAMMADYUSUFJ')
add("td1-name-fills-field-probably-truncated", "TD1", L, ok("TD1"),
    fld("I","UZB","ABDURAKHMONOV","MUKHAMMADYUSUFJ","AA1234567","UZB","800101","M","300101",optional_data_1="",optional_data_2=""),
    ["name_probably_truncated"])
L = td1('P','KGZ','AN1234567','','800101','M','300101','KGZ','','ASANOV<<BAKYT')
add("td1-passport-code-on-id-card-layout", "TD1", L, ok("TD1"),
    fld("P","KGZ","ASANOV","BAKYT","AN1234567","KGZ","800101","M","300101",optional_data_1="",optional_data_2=""),
    ["unexpected_document_code:P<"])
L = td1('ID','KAZ','012345678','850315300019','850315','M','310314','KAZ','','ZHUMABEKOV<<ASKAR')
add("td1-error-short-line-2", "TD1", [L[0], L[1][:29], L[2]], error="line_length:2")
add("td1-error-lowercase-line-3", "TD1", [L[0], L[1], 'ZHumabekov' + L[2][10:]], error="invalid_character:3:3")
add("td1-error-four-lines", "TD1", L + [L[2]], error="line_count")

# ---------------- TD2 ----------------
L = td2('I','UNO','OKAFOR<<CHIDI','UN1234567','NGA','751231','M','290630','')
add("td2-un-laissez-passer", "TD2", L, ok("TD2"),
    fld("I","UNO","OKAFOR","CHIDI","UN1234567","NGA","751231","M","290630",optional_data=""),
    ["special_state_code:issuing_state:UNO"])
L = td2('I','UTO','DOE<<JOHN','AB1234567','UTO','800101','M','300101','')
add("td2-ocr-b-read-as-8-in-document-number", "TD2", [L[0], 'A8' + L[1][2:]], bad("TD2","document_number","composite"),
    fld("I","UTO","DOE","JOHN","A81234567","UTO","800101","M","300101",optional_data=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality"], suggestion=L, suggestion_substitutions=1)
L = td2('AC','GBR','SMITH<<JANE<ANN','C12345678','XXC','850101','X','300101','AB12')
add("td2-refugee-code-and-sex-x", "TD2", L, ok("TD2"),
    fld("AC","GBR","SMITH","JANE ANN","C12345678","XXC","850101","X","300101",optional_data="AB12"),
    ["special_state_code:nationality:XXC","sex_x"])
real = td2('I','FRA','MARTIN<<PAUL','X00000001','FRA','850101','M','300101','OPT')[1][35]
L = td2('I','FRA','MARTIN<<PAUL','X00000001','FRA','850101','M','300101','OPT',over={'comp':str((int(real)+1)%10)})
add("td2-composite-only-fails", "TD2", L, bad("TD2","composite"),
    fld("I","FRA","MARTIN","PAUL","X00000001","FRA","850101","M","300101",optional_data="OPT"))
L = td2('I','UTO','DOE<<JOHN','AB1234567','UTO','800101','M','300101','')
add("td2-error-line-2-too-short", "TD2", [L[0], L[1][:35]], error="line_length:2")
add("td2-error-line-1-odd-length", "TD2", [L[0] + '<', L[1]], error="line_length:1")

# ---------------- TD3 ----------------
L = td3('P','KAZ','NURLANOVA<<AIGERIM','N12345678','KAZ','920704','F','320703','920704450011')
add("td3-kaz-passport-iin-as-personal-number", "TD3", L, ok("TD3"),
    fld("P","KAZ","NURLANOVA","AIGERIM","N12345678","KAZ","920704","F","320703",personal_number="920704450011"),
    iin="920704450011")
L = td3('P','CAN','MARTIN<<SARAH','ZE000509','CAN','850101','F','230114','',pn_cd='<')
add("td3-empty-personal-number-filler-check-digit", "TD3", L, ok("TD3"),
    fld("P","CAN","MARTIN","SARAH","ZE000509","CAN","850101","F","230114",personal_number=""))
L = td3('P','CAN','MARTIN<<SARAH','ZE000509','CAN','850101','F','230114','',pn_cd='0')
add("td3-empty-personal-number-zero-check-digit", "TD3", L, ok("TD3"),
    fld("P","CAN","MARTIN","SARAH","ZE000509","CAN","850101","F","230114",personal_number=""))
L = td3('P','CAN','MARTIN<<SARAH','ZE000509','CAN','850101','F','230114','123',pn_cd='<')
add("td3-filler-check-digit-on-non-empty-personal-number", "TD3", L, bad("TD3","personal_number"),
    fld("P","CAN","MARTIN","SARAH","ZE000509","CAN","850101","F","230114",personal_number="123"))
L = td3('P','UTO','DOE<<JANE','AB1234567','UTO','<<<<<<','F','300101','')
add("td3-birth-date-fully-unknown", "TD3", L, ok("TD3"),
    fld("P","UTO","DOE","JANE","AB1234567","UTO","<<<<<<","F","300101",personal_number=""),
    ["specimen_state_code:issuing_state","specimen_state_code:nationality","partial_birth_date:year,month,day"])
L = td3('P','AFG','AHMADI<<ZAHRA','P01234567','AFG','8501<<','F','300101','')
add("td3-birth-day-unknown", "TD3", L, ok("TD3"),
    fld("P","AFG","AHMADI","ZAHRA","P01234567","AFG","8501<<","F","300101",personal_number=""),
    ["partial_birth_date:day"])
L = td3('P','POL','NOWAK<<ADAM','AA0000000','POL','741301','M','300101','')
add("td3-impossible-date-with-correct-check-digits", "TD3", L, ok("TD3"),
    fld("P","POL","NOWAK","ADAM","AA0000000","POL","741301","M","300101",personal_number=""),
    ["invalid_date:birth_date"])
L = td3('P','POL','NOWAK<<ADAM','AA0000000','POL','740101','1','300101','')
add("td3-digit-as-sex", "TD3", L, ok("TD3"),
    fld("P","POL","NOWAK","ADAM","AA0000000","POL","740101","1","300101",personal_number=""),
    ["invalid_sex:1"], no_suggestions=True)
L = td3('P','GBR','MR<SMITH<<JOHN','123456789','GBN','700101','M','300101','')
add("td3-title-and-british-national-overseas", "TD3", L, ok("TD3"),
    fld("P","GBR","MR SMITH","JOHN","123456789","GBN","700101","M","300101",personal_number=""),
    ["title_in_name:MR","special_state_code:nationality:GBN"])
L = td3('P','ZZZ','DOE<<JOHN','123456789','ANT','700101','M','300101','')
add("td3-unknown-issuer-deprecated-nationality", "TD3", L, ok("TD3"),
    fld("P","ZZZ","DOE","JOHN","123456789","ANT","700101","M","300101",personal_number=""),
    ["unknown_state_code:issuing_state:ZZZ","special_state_code:nationality:ANT"])
L = td3('P','TUR','YILMAZ','U12345678','TUR','700101','M','300101','')
add("td3-only-primary-identifier", "TD3", L, ok("TD3"),
    fld("P","TUR","YILMAZ","","U12345678","TUR","700101","M","300101",personal_number=""),
    ["only_primary_identifier"])
L = td3('P','RUS','IVANOV<<IVAN','751234567','RUS','800229','M','210108','')
LET = {'0':'O','1':'I','2':'Z','5':'S','6':'G','8':'B'}
assert L[1][43] in LET, L[1]
g = L[1][:21] + 'Z1O1OB' + LET[L[1][27]] + L[1][28:43] + LET[L[1][43]]
add("td3-ocr-letters-in-expiry-and-composite", "TD3", [L[0], g], bad("TD3","expiry_date","composite"),
    fld("P","RUS","IVANOV","IVAN","751234567","RUS","800229","M","Z1O1OB",personal_number=""),
    ["invalid_date:expiry_date"], suggestion=L,
    note="expiry Z1O1OB -> 210108, its check digit and the composite check digit letter -> digit")
L = td3('P','UTO','ERIKSSON<<ANNA<MARIA','L898902C3','UTO','740812','F','120415','ZE184226B')
add("td3-error-single-line", "TD3", [L[0]], error="line_count")
add("td3-error-three-lines-of-44", "TD3", [L[0], L[1], L[1]], error="line_length:1")
add("td3-error-space-in-name", "TD3", [L[0][:13] + ' ' + L[0][14:], L[1]], error="invalid_character:1:14")
add("td3-error-non-ascii", "TD3", [L[0], 'Ö' + L[1][1:]], error="invalid_character:2:1")

# ---------------- MRV-A ----------------
L = mrva('V','USA','DOE<<JOHN','987654321','KAZ','800101','M','300101','ABC123')
add("mrva-plain", "MRVA", L, ok("MRVA"),
    fld("V","USA","DOE","JOHN","987654321","KAZ","800101","M","300101",optional_data="ABC123"))
L = mrva('VC','D','HASSAN<<ALI','T12345678','XXB','850101','M','290101','')
add("mrva-germany-issuer-refugee", "MRVA", L, ok("MRVA"),
    fld("VC","D","HASSAN","ALI","T12345678","XXB","850101","M","290101",optional_data=""),
    ["special_state_code:issuing_state:D","special_state_code:nationality:XXB"])
L = mrva('V','USA','DOE<<JOHN','987654321','KAZ','800101','M','300101','ABC123',over={'exp':'0'})
assert L[1][27] != mrva('V','USA','DOE<<JOHN','987654321','KAZ','800101','M','300101','ABC123')[1][27]
add("mrva-expiry-check-digit-fails", "MRVA", L, bad("MRVA","expiry_date"),
    fld("V","USA","DOE","JOHN","987654321","KAZ","800101","M","300101",optional_data="ABC123"))
L = mrva('V','USA','DOE<<JOHN','987654321','KAZ','800101','M','300101','ABC123')
add("mrva-ocr-letters-in-birth-date", "MRVA", [L[0], L[1][:13] + 'BOO1OI' + L[1][19:]], bad("MRVA","birth_date"),
    fld("V","USA","DOE","JOHN","987654321","KAZ","BOO1OI","M","300101",optional_data="ABC123"),
    ["invalid_date:birth_date"], suggestion=L)

# ---------------- MRV-B ----------------
L = mrvb('VB','D','DEDIC<<SIDNAN','D09174053','BIH','820113','M','970801','2020711')
add("mrvb-germany-issuer", "MRVB", L, ok("MRVB"),
    fld("VB","D","DEDIC","SIDNAN","D09174053","BIH","820113","M","970801",optional_data="2020711"),
    ["special_state_code:issuing_state:D"])
real = mrvb('V','KAZ','SMITH<<ANNA','KZ1234567','GBR','900515','F','250101','')[1][9]
L = mrvb('V','KAZ','SMITH<<ANNA','KZ1234567','GBR','900515','F','250101','',over={'num':str((int(real)+3)%10)})
add("mrvb-document-number-check-fails", "MRVB", L, bad("MRVB","document_number"),
    fld("V","KAZ","SMITH","ANNA","KZ1234567","GBR","900515","F","250101",optional_data=""))
L = mrvb('V','KAZ','SMITH<<ANNA','KZ1234567','GBR','900515','F','250101','')
add("mrvb-visa-code-on-td2-layout-length-error", "MRVB", [L[0][:35], L[1]], error="line_length:1")
add("mrvb-error-second-line-44", "MRVB", [L[0], L[1] + '<' * 8], error="line_length:2")

for c in cases:
    assert c.get("error") or c["checks"] is not None, c["id"]
    assert all(len(l) for l in c["lines"])
with open("mrz_cases.jsonl", "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(cases))
