//! berkut-index integration tests.

#[test]
#[ignore = "diagnostics"]
fn print_keys() {
    for n in ["Osman Kılıç", "OSMAN KILIC", "سعيد الظواهري", "SAYED AL-ZAWAHIRI", "خالد أحمد الزهراني", "AL-ZAHRANI KHALED", "ناصر مصطفى الأنصاري", "NASSER ALANSARI", "مریم مجددی", "MARYAM MUJADDIDI", "杨勇", "Тоқаев Болат Абайұлы", "TOKLEV BOLAT"] {
        let a = berkut_text::analyze_name(n);
        println!("{n}:");
        for t in &a.tokens {
            println!("   {:?} latin={} keys={:?} forms={:?} role={:?}", t.original, t.latin, t.keys, t.forms, t.role);
        }
    }
    for (a, b) in [("Osman Kılıç", "OSMAN KILIC"), ("سعيد الظواهري", "SAYED AL-ZAWAHIRI"), ("خالد أحمد الزهراني", "AL-ZAHRANI KHALED"), ("مریم مجددی", "MARYAM MUJADDIDI")] {
        println!("{a} ~ {b}: {:?}", berkut_match::compare_names(a, b));
    }
}
