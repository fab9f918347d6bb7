import json,sys
def val(c):
    if c.isdigit(): return int(c)
    if c=='<': return 0
    return ord(c)-55
def cd(s): return str(sum(val(c)*[7,3,1][i%3] for i,c in enumerate(s))%10)
def pad(s,n): assert len(s)<=n,(s,n); return s+'<'*(n-len(s))
def td3(code,state,name,num,nat,dob,sex,exp,pn,pn_cd=None,over={}):
    l1=pad(code,2)+pad(state,3)+pad(name,39)
    n=pad(num,9); p=pad(pn,14)
    pcd = pn_cd if pn_cd is not None else cd(p)
    l2=n+over.get('num',cd(n))+pad(nat,3)+dob+over.get('dob',cd(dob))+sex+exp+over.get('exp',cd(exp))+p+pcd
    comp=l2[0:10]+l2[13:20]+l2[21:43]
    l2+=over.get('comp',cd(comp))
    return [l1,l2]
def td2(code,state,name,num,nat,dob,sex,exp,opt,over={},visa=False,optlen=7,width=36):
    l1=pad(code,2)+pad(state,3)+pad(name,width-5)
    n=pad(num,9)
    l2=n+over.get('num',cd(n))+pad(nat,3)+dob+over.get('dob',cd(dob))+sex+exp+over.get('exp',cd(exp))+pad(opt,optlen)
    if not visa:
        comp=l2[0:10]+l2[13:20]+l2[21:35]
        l2+=over.get('comp',cd(comp))
    return [l1,l2]
def mrva(code,state,name,num,nat,dob,sex,exp,opt,over={}): return td2(code,state,name,num,nat,dob,sex,exp,opt,over,True,16,44)
def mrvb(code,state,name,num,nat,dob,sex,exp,opt,over={}): return td2(code,state,name,num,nat,dob,sex,exp,opt,over,True,8,36)
def td1(code,state,num,opt1,dob,sex,exp,nat,opt2,name,over={},long=None):
    if long is None:
        n=pad(num,9); l1=pad(code,2)+pad(state,3)+n+over.get('num',cd(n))+pad(opt1,15)
    else:
        head,ov=num[:9],num[9:]
        c = cd(head+'<'+ov) if long=='with' else cd(head+ov)
        c = over.get('num',c)
        l1=pad(code,2)+pad(state,3)+head+'<'+pad(ov+c+('<'+opt1 if opt1 else ''),15)
    l2=dob+over.get('dob',cd(dob))+sex+exp+over.get('exp',cd(exp))+pad(nat,3)+pad(opt2,11)
    comp=l1[5:30]+l2[0:7]+l2[8:15]+l2[18:29]
    l2+=over.get('comp',cd(comp))
    return [l1,l2,pad(name,30)]
