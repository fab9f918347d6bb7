# Writes kz_cases.jsonl. Check digits from this independent scratch implementation;
# expectations per case are stated by hand.
import json
W1 = list(range(1, 12)); W2 = [3,4,5,6,7,8,9,10,11,1,2]
def kz(body):
    d = [int(c) for c in body]
    a = sum(x*w for x, w in zip(d, W1)) % 11
    if a != 10: return str(a), 1
    b = sum(x*w for x, w in zip(d, W2)) % 11
    if b != 10: return str(b), 2
    return None, None
def full(body):
    c, p = kz(body); assert c is not None, body; return body + c, p
def find(prefix, want_pass, width=4):
    # first serial giving the requested check pass
    for s in range(10**width):
        b = prefix + str(s).zfill(width)
        c, p = kz(b)
        if p == want_pass: return b + c
    raise Exception(prefix)
def never(prefix, width=4):
    for s in range(10**width):
        b = prefix + str(s).zfill(width)
        if kz(b)[0] is None: return b + '0'
    raise Exception(prefix)
def wrong(number):
    return number[:11] + str((int(number[11]) + 1) % 10)

cases = []
def add(input, iin, bin, classify, **x):
    cases.append(dict(input=input, iin=iin, bin=bin, classify=classify, **x))

v = find('9605123', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='1996-05-12', sex='M', check_pass=1)
v = find('9605123', 2); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='1996-05-12', sex='M', check_pass=2)
v = find('0112316', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='2001-12-31', sex='F', check_pass=1)
v = find('9601012', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='1896-01-01', sex='F', check_pass=1)
v = find('9602291', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='1896-02-29', sex='M', check_pass=1)
v = find('0002291', 1); add(v, 'bad_day', 'bad_entity_type_digit', 'bad_day', note='1800 is not a leap year')
v = find('0002293', 1); add(v, 'bad_day', 'bad_entity_type_digit', 'bad_day', note='1900 is not a leap year')
v = find('0002294', 2); add(v, 'bad_day', 'bad_entity_type_digit', 'bad_day', note='1900 is not a leap year (second-pass checksum)')
v = find('0002296', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='2000-02-29', sex='F', check_pass=1)
v = find('9602295', 1); add(v, 'ok', 'bad_entity_type_digit', 'IIN', birth_date='2096-02-29', sex='M', check_pass=1)
v = find('8504313', 1); add(v, 'bad_day', 'bad_entity_type_digit', 'bad_day', note='April has 30 days')
v = find('8500103', 1); add(v, 'bad_month', 'bad_month', 'bad_month')
v = find('8501003', 1); add(v, 'bad_day', 'bad_entity_type_digit', 'bad_day')
for digit in '0789':
    v = find('850101' + digit, 1); add(v, 'bad_century_sex_digit', 'bad_entity_type_digit', 'bad_century_sex_digit')
v = find('8501013', 1); add(wrong(v), 'bad_check_digit(expected %s)' % v[11], 'bad_entity_type_digit', 'bad_check_digit(expected %s)' % v[11])
v = never('8501013'); add(v, 'never_issued', 'bad_entity_type_digit', 'never_issued')
add('', 'bad_length', 'bad_length', 'bad_length')
add('85010130001', 'bad_length', 'bad_length', 'bad_length')
add('8501013000123', 'bad_length', 'bad_length', 'bad_length')
add('850101 300012', 'bad_length', 'bad_length', 'bad_length', note='13 characters')
add('850101 30001', 'non_digit(7)', 'non_digit(7)', 'non_digit(7)')
add('X50101300012', 'non_digit(1)', 'non_digit(1)', 'non_digit(1)')
add('８50101300012', 'non_digit(1)', 'non_digit(1)', 'non_digit(1)', note='full-width digit is not an ASCII digit')

v = find('240340', 1, 5); add(v, 'bad_century_sex_digit', 'ok', 'BIN', registration='2403', entity_type='resident_legal_entity', attribute='head_unit', check_pass=1)
v = find('240340', 2, 5); add(v, 'bad_century_sex_digit', 'ok', 'BIN', registration='2403', entity_type='resident_legal_entity', attribute='head_unit', check_pass=2)
v = find('101251', 1, 5); add(v, 'bad_century_sex_digit', 'ok', 'BIN', registration='1012', entity_type='non_resident_legal_entity', attribute='branch', check_pass=1)
v = find('050762', 1, 5); add(v, 'bad_century_sex_digit', 'ok', 'BIN', registration='0507', entity_type='joint_individual_entrepreneurship', attribute='representative_office', check_pass=1)
v = find('190163', 1, 5); add(v, 'bad_century_sex_digit', 'ok', 'BIN', registration='1901', entity_type='joint_individual_entrepreneurship', attribute='peasant_farm', check_pass=1)
v = find('241340', 1, 5); add(v, 'bad_century_sex_digit', 'bad_month', 'bad_month')
v = find('240344', 1, 5); add(v, 'bad_century_sex_digit', 'bad_attribute_digit', 'bad_attribute_digit')
v = find('240370', 1, 5); add(v, 'bad_century_sex_digit', 'bad_entity_type_digit', 'unknown_kind(7)')
v = find('240341', 1, 5); add(wrong(v), 'bad_century_sex_digit', 'bad_check_digit(expected %s)' % v[11], 'bad_check_digit(expected %s)' % v[11])
v = never('240341', 5); add(v, 'bad_century_sex_digit', 'never_issued', 'never_issued')

with open('kz_cases.jsonl', 'w') as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + '\n')
print(len(cases))
